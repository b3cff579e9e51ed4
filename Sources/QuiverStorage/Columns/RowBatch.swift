// RowBatch: rows that passed validation, held column by column, ready for the WAL and a buffer.
// Invariants: every column has `rowCount` entries (vectors: rowCount * width); values are in the
// canonical form of FieldCoercion; keys are unique within the batch.

package struct RowBatch: Sendable, Equatable {
    package internal(set) var keys: [PrimaryKey]
    /// Float vector fields: rowCount * dimension floats, row-major.
    var floatVectors: [String: [Float]]
    /// Binary vector fields: rowCount * (dimension / 8) bytes, row-major.
    var binaryVectors: [String: [UInt8]]
    /// Scalar fields, and `$meta` when the dynamic field is on (a JSON object text, or .null).
    var scalars: [String: [FieldValue]]
    /// The partition every row of the batch goes to (0 is `_default`).
    var partitionID: Int64 = 0

    package var rowCount: Int { keys.count }

    init(keys: [PrimaryKey], floatVectors: [String: [Float]], binaryVectors: [String: [UInt8]],
         scalars: [String: [FieldValue]]) {
        self.keys = keys
        self.floatVectors = floatVectors
        self.binaryVectors = binaryVectors
        self.scalars = scalars
    }

    /// Rows `indices` of this batch, in that order.
    func subset(_ indices: [Int], schema: CollectionSchema) -> RowBatch {
        var result = RowBatch(keys: indices.map { keys[$0] }, floatVectors: [:], binaryVectors: [:], scalars: [:])
        result.partitionID = partitionID
        for field in schema.vectorFields {
            let width = field.dataType == .floatVector ? (field.dimension ?? 0) : field.bytesPerBinaryVector
            if let values = floatVectors[field.name] {
                var out: [Float] = []
                out.reserveCapacity(indices.count * width)
                for i in indices { out.append(contentsOf: values[(i * width)..<((i + 1) * width)]) }
                result.floatVectors[field.name] = out
            }
            if let values = binaryVectors[field.name] {
                var out: [UInt8] = []
                out.reserveCapacity(indices.count * width)
                for i in indices { out.append(contentsOf: values[(i * width)..<((i + 1) * width)]) }
                result.binaryVectors[field.name] = out
            }
        }
        for (name, column) in scalars {
            result.scalars[name] = indices.map { column[$0] }
        }
        return result
    }
}
