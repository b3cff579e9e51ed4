// The embedded API's vocabulary lives in lower targets; re-export it so `import Quiver` is enough.

@_exported import QuiverStorage
@_exported import enum QuiverKernels.Metric
@_exported import struct QuiverIndex.IndexSpec
@_exported import enum QuiverIndex.IndexKind
