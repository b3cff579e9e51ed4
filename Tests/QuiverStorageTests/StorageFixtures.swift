// Shared fixtures for the QuiverStorage tests: a schema with a field of every DataType, rows that
// fill it deterministically, a per-type schema for parameterized codec tests, and comparisons
// that hold vectors to their bit patterns (a round trip must not change one bit of a float).
// Ownership: test target only; every helper is a pure function of its arguments.

import QuiverKernels
@testable import QuiverStorage

extension CollectionSchema {
    /// A key, a float and (optionally) a binary vector, one field of every scalar DataType, a
    /// nullable field, a defaulted field and (optionally) the dynamic field `$meta`.
    static func everyType(dimension: Int = 4, dynamic: Bool = true, binaryVector: Bool = true) -> CollectionSchema {
        let schema = CollectionSchema(fields: [
            .int64PrimaryKey("id"),
            .floatVector("embedding", dimension: dimension),
            .binaryVector("fingerprint", dimension: 16),
            FieldSchema(name: "active", dataType: .bool),
            FieldSchema(name: "tiny", dataType: .int8),
            FieldSchema(name: "small", dataType: .int16),
            FieldSchema(name: "medium", dataType: .int32),
            FieldSchema(name: "large", dataType: .int64),
            FieldSchema(name: "ratio", dataType: .float),
            FieldSchema(name: "score", dataType: .double),
            FieldSchema(name: "title", dataType: .varChar, maxLength: 16),
            FieldSchema(name: "doc", dataType: .json),
            FieldSchema(name: "ranks", dataType: .array, elementType: .int32, maxCapacity: 4),
            FieldSchema(name: "labels", dataType: .array, maxLength: 8, elementType: .varChar, maxCapacity: 3),
            FieldSchema(name: "note", dataType: .varChar, maxLength: 32, nullable: true),
            FieldSchema(name: "level", dataType: .int32, defaultValue: .int(7)),
        ], enableDynamicField: dynamic)
        return binaryVector ? schema : schema.replacing("fingerprint", with: nil)
    }

    /// The same schema with `field` replaced (or removed when `replacement` is nil).
    func replacing(_ name: String, with replacement: FieldSchema?) -> CollectionSchema {
        var copy = self
        copy.fields = fields.compactMap { $0.name == name ? replacement : $0 }
        return copy
    }

    func adding(_ field: FieldSchema) -> CollectionSchema {
        var copy = self
        copy.fields.append(field)
        return copy
    }
}

/// Row `index` of the `everyType` schema: extremes of every integer type, a multibyte VarChar,
/// nulls in `note` on every third row, `level` left to its default, a dynamic key on even rows.
func everyTypeRow(_ index: Int, embedding: [Float]? = nil, dynamic: Bool = true) -> Row {
    let i = Int64(index)
    var row: Row = [
        "id": .int(i),
        "embedding": .floatVector(embedding ?? [Float(index), -0.5, 1e-30, .pi]),
        "fingerprint": .binaryVector([UInt8(truncatingIfNeeded: index), 0xA5]),
        "active": .bool(index % 2 == 0),
        "tiny": .int(-128 + i % 256),
        "small": .int(Int64(Int16.min) + i),
        "medium": .int(Int64(Int32.max) - i),
        "large": .int(Int64.min + i),
        "ratio": .float(Float(index) / 3),
        "score": .double(Double(index) * 1e300),
        "title": .string("row é\(index % 1000)"),
        "doc": .json("{\"n\":\(index),\"tags\":[\"a\",null]}"),
        "ranks": .array([.int(i % 100), .int(-1)]),
        "labels": .array([.string("x"), .string("ü\(index % 10)")]),
        "note": index % 3 == 0 ? .null : .string("note \(index)"),
    ]
    if dynamic, index % 2 == 0 { row["color"] = .string("c\(index % 5)") }
    return row
}

/// A validated batch of `everyType` rows `range`.
func everyTypeBatch(_ range: Range<Int>, schema: CollectionSchema = .everyType(),
                    embeddings: ((Int) -> [Float])? = nil) throws -> RowBatch {
    let rows = range.map { index in
        everyTypeRow(index, embedding: embeddings?(index), dynamic: schema.enableDynamicField)
            .filter { name, _ in schema.field(named: name) != nil || name == "color" }
    }
    return try RowValidator.batch(from: rows, schema: schema, autoIDStart: nil)
}

// MARK: One field of each DataType

/// A key, (for scalar types) a 2-d float vector, and one field `value` of `type`, nullable when it
/// is a scalar so that nulls round-trip too.
func singleFieldSchema(_ type: DataType) -> CollectionSchema {
    switch type {
    case .floatVector:
        return CollectionSchema(fields: [.int64PrimaryKey("id"), .floatVector("value", dimension: 3)])
    case .binaryVector:
        return CollectionSchema(fields: [.int64PrimaryKey("id"), .binaryVector("value", dimension: 24)])
    default:
        let field = FieldSchema(name: "value", dataType: type, maxLength: type == .varChar || type == .array ? 12 : nil,
                                elementType: type == .array ? .varChar : nil, maxCapacity: type == .array ? 4 : nil,
                                nullable: true)
        return CollectionSchema(fields: [.int64PrimaryKey("id"), .floatVector("v", dimension: 2), field])
    }
}

/// Values of `type` that stress its codec: extremes, signed zero, empty and multibyte strings, nulls.
func sampleValues(_ type: DataType) -> [FieldValue] {
    switch type {
    case .bool: [.bool(true), .bool(false), .null]
    case .int8: [.int(-128), .int(127), .int(0), .null]
    case .int16: [.int(Int64(Int16.min)), .int(Int64(Int16.max)), .null]
    case .int32: [.int(Int64(Int32.min)), .int(Int64(Int32.max)), .null]
    case .int64: [.int(.min), .int(.max), .int(0), .null]
    case .float: [.float(-0.0), .float(.greatestFiniteMagnitude), .float(.leastNonzeroMagnitude), .null]
    case .double: [.double(-0.0), .double(.greatestFiniteMagnitude), .double(.leastNonzeroMagnitude), .null]
    case .varChar: [.string(""), .string("日本語ab"), .string("a\u{0}b"), .null]
    case .json: [.json("{}"), .json("[1,\"ü\",null]"), .json("\"text\""), .json("3.5"), .null]
    case .array: [.array([]), .array([.string("é"), .string("")]), .null]
    case .floatVector: [.floatVector([-0.0, .leastNonzeroMagnitude, -.greatestFiniteMagnitude]), .floatVector([1, 2, 3])]
    case .binaryVector: [.binaryVector([0, 0xFF, 0x80]), .binaryVector([1, 2, 3])]
    }
}

/// A batch of the `singleFieldSchema(type)` schema holding each of `sampleValues(type)`.
func singleFieldBatch(_ type: DataType) throws -> RowBatch {
    let rows: [Row] = sampleValues(type).enumerated().map { index, value in
        var row: Row = ["id": .int(Int64(index) * 1_000_003 - 5), "value": value]
        if !type.isVector { row["v"] = .floatVector([Float(index), -1]) }
        return row
    }
    return try RowValidator.batch(from: rows, schema: singleFieldSchema(type), autoIDStart: nil)
}

// MARK: Bit-exact comparison

extension FieldValue {
    /// Equality that compares floats by bit pattern, so -0.0 != 0.0 and NaN == the same NaN.
    func isBitwiseEqual(to other: FieldValue) -> Bool {
        switch (self, other) {
        case (.float(let a), .float(let b)): a.bitPattern == b.bitPattern
        case (.double(let a), .double(let b)): a.bitPattern == b.bitPattern
        case (.floatVector(let a), .floatVector(let b)): a.map(\.bitPattern) == b.map(\.bitPattern)
        case (.array(let a), .array(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.isBitwiseEqual(to: $1) }
        default: self == other
        }
    }
}

extension RowBatch {
    /// Equal column for column, floats compared by bit pattern.
    func isBitwiseEqual(to other: RowBatch) -> Bool {
        guard keys == other.keys, binaryVectors == other.binaryVectors,
              Set(floatVectors.keys) == Set(other.floatVectors.keys),
              Set(scalars.keys) == Set(other.scalars.keys) else { return false }
        for (name, values) in floatVectors where values.map(\.bitPattern) != other.floatVectors[name]!.map(\.bitPattern) {
            return false
        }
        for (name, values) in scalars {
            let theirs = other.scalars[name]!
            guard values.count == theirs.count, zip(values, theirs).allSatisfy({ $0.isBitwiseEqual(to: $1) }) else { return false }
        }
        return true
    }
}

extension SeededRandom {
    /// `count` floats with random mantissas (Gaussian), which LZ4 cannot shrink.
    mutating func gaussians(_ count: Int) -> [Float] {
        (0..<count).map { _ in nextGaussian() }
    }

    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
    }
}
