// The embedded API's vocabulary lives in lower targets; re-export it so `import Quiver` is enough.

@_exported import QuiverStorage
@_exported import enum QuiverKernels.Metric
