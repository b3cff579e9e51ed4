// The embedded API's vocabulary lives in lower targets; these names, and only these, come with
// `import Quiver`. Everything else in QuiverStorage (row batches, the writer, recovery) stays
// behind the line; adding a name here is a decision about the public API.

// Schema and values.
@_exported import struct QuiverStorage.CollectionSchema
@_exported import struct QuiverStorage.FieldSchema
@_exported import enum QuiverStorage.DataType
@_exported import enum QuiverStorage.SchemaLimits
@_exported import enum QuiverStorage.FieldValue
@_exported import typealias QuiverStorage.Row
@_exported import enum QuiverStorage.PrimaryKey
// Errors, options and events.
@_exported import struct QuiverStorage.QuiverError
@_exported import struct QuiverStorage.DatabaseOptions
@_exported import struct QuiverStorage.CompactionOptions
@_exported import enum QuiverStorage.StorageEvent
@_exported import struct QuiverStorage.StorageObserverToken
@_exported import class QuiverStorage.StorageEventHub
// Indexes and metrics.
@_exported import enum QuiverKernels.Metric
@_exported import struct QuiverIndex.IndexSpec
@_exported import enum QuiverIndex.IndexKind
