// ColumnStore: the rows of one buffer or segment, column by column, in memory.
// A buffer's store is appended to by the CollectionWriter; once frozen (or when decoded from a
// segment file) it never changes. Readers see rows 0..<n for the n in their Version snapshot.
// Invariants: all columns hold the same number of rows; row i carries the WAL sequence number of
// the record that inserted it; float vector norms are kept for COSINE; in a partition-key
// collection row i's partition is PartitionKeyRouting's for its key value (computed here, on
// append and on replay alike, so WAL records need not carry it).
// Ownership: appends only from the CollectionWriter actor; reads from anywhere.

import QuiverFileSystem
import QuiverKernels
import Synchronization

package final class ColumnStore: @unchecked Sendable {
    /// The segment id this store has (or will have once written).
    package let segmentID: Int64
    package let schema: CollectionSchema
    let capacity: Int
    /// Set for a partition-key collection: routes each appended row by its key value.
    private let routing: PartitionKeyRouting?

    package let keys: AppendOnlyArray<PrimaryKey>
    package let sequences: AppendOnlyArray<UInt64>
    /// The partition of each row (0 is `_default`).
    package let partitionIDs: AppendOnlyArray<Int64>
    package let floatVectors: [String: FloatVectorColumn]
    package let binaryVectors: [String: BinaryVectorColumn]
    package let scalars: [String: AppendOnlyArray<FieldValue>]
    /// Set when compaction retires this store's segment: the files are removed when the last
    /// holder (writer or reader Version) lets go of the store.
    private let retirement = Mutex<RetiredFiles?>(nil)
    /// Sorted scalar indexes built on first use (ColumnStore+SortedIndexes.swift).
    let sortedIndexes = Mutex<[String: SortedScalarIndex]>([:])
    /// Primary key to rows, built on first use by `get` (ColumnStore+KeyLookup.swift).
    let keyLookup = Mutex(StoreKeyLookup())

    init(segmentID: Int64, schema: CollectionSchema, capacity: Int) {
        self.segmentID = segmentID
        self.schema = schema
        self.capacity = capacity
        routing = PartitionKeyRouting(schema: schema)
        keys = AppendOnlyArray(capacity: capacity)
        sequences = AppendOnlyArray(capacity: capacity)
        partitionIDs = AppendOnlyArray(capacity: capacity)
        var floats: [String: FloatVectorColumn] = [:]
        var binaries: [String: BinaryVectorColumn] = [:]
        var scalarColumns: [String: AppendOnlyArray<FieldValue>] = [:]
        for field in schema.fields where !field.isPrimaryKey {
            switch field.dataType {
            case .floatVector: floats[field.name] = FloatVectorColumn(dimension: field.dimension ?? 0, capacity: capacity)
            case .binaryVector: binaries[field.name] = BinaryVectorColumn(bytesPerRow: field.bytesPerBinaryVector, capacity: capacity)
            default: scalarColumns[field.name] = AppendOnlyArray(capacity: capacity)
            }
        }
        if schema.enableDynamicField {
            scalarColumns[CollectionSchema.dynamicFieldName] = AppendOnlyArray(capacity: capacity)
        }
        floatVectors = floats
        binaryVectors = binaries
        scalars = scalarColumns
    }

    /// Rows appended so far (the writer's view; readers use their snapshot's count).
    var rowCount: Int { keys.count }
    var remainingCapacity: Int { capacity - keys.count }

    /// Appends every row of a validated batch, all stamped with `sequence`.
    func append(_ batch: RowBatch, sequence: UInt64) {
        precondition(batch.rowCount <= remainingCapacity, "ColumnStore overflow")
        keys.append(contentsOf: batch.keys)
        for _ in 0..<batch.rowCount { sequences.append(sequence) }
        if let routing {
            guard let values = batch.scalars[routing.fieldName] else { preconditionFailure("batch lacks partition key \(routing.fieldName)") }
            for value in values { partitionIDs.append(routing.partitionID(of: value)) }
        } else {
            for _ in 0..<batch.rowCount { partitionIDs.append(batch.partitionID) }
        }
        for (name, column) in floatVectors {
            guard let values = batch.floatVectors[name] else { preconditionFailure("batch lacks vector field \(name)") }
            column.append(values)
        }
        for (name, column) in binaryVectors {
            guard let values = batch.binaryVectors[name] else { preconditionFailure("batch lacks vector field \(name)") }
            column.append(values)
        }
        for (name, column) in scalars {
            guard let values = batch.scalars[name] else { preconditionFailure("batch lacks scalar field \(name)") }
            column.append(contentsOf: values)
        }
    }

    /// Appends row `row` of `other` (same schema), keeping its sequence number.
    func appendRow(from other: ColumnStore, row: Int) {
        precondition(remainingCapacity >= 1, "ColumnStore overflow")
        keys.append(from: other.keys, range: row..<(row + 1))
        sequences.append(from: other.sequences, range: row..<(row + 1))
        partitionIDs.append(from: other.partitionIDs, range: row..<(row + 1))
        for (name, column) in floatVectors {
            let source = other.floatVectors[name]!
            column.values.append(from: source.values, range: (row * column.dimension)..<((row + 1) * column.dimension))
            column.norms.append(from: source.norms, range: row..<(row + 1))
        }
        for (name, column) in binaryVectors {
            let source = other.binaryVectors[name]!
            column.values.append(from: source.values, range: (row * column.bytesPerRow)..<((row + 1) * column.bytesPerRow))
        }
        for (name, column) in scalars {
            column.append(from: other.scalars[name]!, range: row..<(row + 1))
        }
    }

    /// Hands the store's files to be removed once the store is released.
    func retire(_ files: RetiredFiles) {
        retirement.withLock { $0 = files }
    }

    /// The value of one field at one row, as callers get it back.
    package func value(of fieldName: String, at row: Int) -> FieldValue? {
        if let column = floatVectors[fieldName] { return .floatVector(column.vector(at: row)) }
        if let column = binaryVectors[fieldName] { return .binaryVector(column.vector(at: row)) }
        if let column = scalars[fieldName] { return column[row] }
        if fieldName == schema.primaryKeyField.name { return keys[row].fieldValue }
        return nil
    }
}

/// A float vector field: rows of `dimension` floats, contiguous, plus each row's L2 norm.
package final class FloatVectorColumn: @unchecked Sendable {
    package let dimension: Int
    package let values: AppendOnlyArray<Float>
    package let norms: AppendOnlyArray<Float>

    init(dimension: Int, capacity: Int) {
        self.dimension = dimension
        values = AppendOnlyArray(capacity: capacity * dimension)
        norms = AppendOnlyArray(capacity: capacity)
    }

    func append(_ flat: [Float]) {
        precondition(flat.count % dimension == 0)
        flat.withUnsafeBufferPointer { buffer in
            values.append(from: buffer)
            for row in 0..<(flat.count / dimension) {
                let vector = UnsafeBufferPointer(rebasing: buffer[(row * dimension)..<((row + 1) * dimension)])
                norms.append(Distance.normSquared(vector).squareRoot())
            }
        }
    }

    package func vector(at row: Int) -> [Float] {
        values.withPrefix((row + 1) * dimension) { Array($0[(row * dimension)...]) }
    }
}

/// A binary vector field: rows of `bytesPerRow` packed bytes, contiguous.
package final class BinaryVectorColumn: @unchecked Sendable {
    package let bytesPerRow: Int
    package let values: AppendOnlyArray<UInt8>

    init(bytesPerRow: Int, capacity: Int) {
        self.bytesPerRow = bytesPerRow
        values = AppendOnlyArray(capacity: capacity * bytesPerRow)
    }

    func append(_ flat: [UInt8]) {
        flat.withUnsafeBufferPointer { values.append(from: $0) }
    }

    package func vector(at row: Int) -> [UInt8] {
        values.withPrefix((row + 1) * bytesPerRow) { Array($0[(row * bytesPerRow)...]) }
    }
}

/// Files of a retired segment, removed when this object is released (after the last reader).
final class RetiredFiles: Sendable {
    let paths: [String]
    let fileSystem: any FileSystem

    init(paths: [String], fileSystem: any FileSystem) {
        self.paths = paths
        self.fileSystem = fileSystem
    }

    deinit {
        for path in paths { try? fileSystem.removeFile(atPath: path) }
    }
}
