// TortureData: the collection the torture workload writes, and the one function that derives a
// row's values from (seed, id, version), so the driver can recompute every expected value from
// its model without the worker sending any. `version` is the workload step that wrote the row.
// Invariants: values are a pure function of their arguments; floats are finite.

import Quiver

enum TortureData {
    static let collectionName = "torture"
    static let dimension = 8
    static let bucketCount = 32
    static let searchK = 5

    static let schema = CollectionSchema(fields: [
        .int64PrimaryKey("id"),
        .floatVector("vector", dimension: dimension),
        FieldSchema(name: "bucket", dataType: .int32),
        FieldSchema(name: "tag", dataType: .varChar, maxLength: 16),
        FieldSchema(name: "weight", dataType: .double),
    ])

    /// What one stored row must hold, compared bit for bit.
    struct Values: Equatable {
        var vectorBits: [UInt32]
        var bucket: Int64
        var tag: String
        var weightBits: UInt64

        var vector: [Float] { vectorBits.map(Float.init(bitPattern:)) }
    }

    static func mix(_ values: UInt64...) -> UInt64 {
        var random = TortureRandom(seed: values.reduce(0x243F_6A88_85A3_08D3) { ($0 ^ $1) &* 0x9E37_79B9_7F4A_7C15 })
        return random.next()
    }

    static func values(seed: UInt64, id: Int64, version: Int) -> Values {
        var random = TortureRandom(seed: mix(seed, UInt64(bitPattern: id), UInt64(version)))
        let vector = (0..<dimension).map { _ in random.nextSignedFloat() }
        let hash = random.next()
        return Values(vectorBits: vector.map(\.bitPattern), bucket: Int64(hash % UInt64(bucketCount)),
                      tag: "t\((hash >> 8) % 1000)", weightBits: (Double(hash >> 11) * 0x1p-53 * 2000 - 1000).bitPattern)
    }

    static func row(seed: UInt64, id: Int64, version: Int) -> Row {
        let values = values(seed: seed, id: id, version: version)
        return ["id": .int(id), "vector": .floatVector(values.vector), "bucket": .int(values.bucket),
                "tag": .string(values.tag), "weight": .double(Double(bitPattern: values.weightBits))]
    }

    /// The values of a stored row, or nil if a field is missing or of the wrong kind.
    static func values(of row: Row) -> (id: Int64, values: Values)? {
        guard case .int(let id)? = row["id"], case .floatVector(let vector)? = row["vector"],
              case .int(let bucket)? = row["bucket"], case .string(let tag)? = row["tag"],
              case .double(let weight)? = row["weight"] else { return nil }
        return (id, Values(vectorBits: vector.map(\.bitPattern), bucket: bucket, tag: tag, weightBits: weight.bitPattern))
    }

    /// The query vector of the search at `step`.
    static func query(seed: UInt64, step: Int) -> [Float] { values(seed: seed, id: -1, version: step).vector }

    static func options() -> DatabaseOptions {
        var options = DatabaseOptions(durability: .sync, flushInterval: .milliseconds(150))
        options.bufferMaxRows = 200
        options.indexBuildThresholdRows = 1 << 30   // exact search everywhere, so results are checkable
        options.compaction.checkInterval = .milliseconds(100)
        options.compaction.minimumMergeCount = 3
        return options
    }
}
