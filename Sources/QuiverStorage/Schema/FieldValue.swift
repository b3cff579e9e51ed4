// FieldValue: one cell of a row as callers hand it in and get it back.
// Invariants: vectors are kept as their native arrays; JSON is kept as its UTF-8 text, already
// validated as JSON by RowValidator before it is stored.

public enum FieldValue: Sendable, Hashable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int64)
    case float(Float)
    case double(Double)
    case string(String)
    /// JSON text (an object, array, number, string, bool or null).
    case json(String)
    case array([FieldValue])
    case floatVector([Float])
    /// Packed bits, 8 dimensions per byte, most significant bit first (Milvus' layout).
    case binaryVector([UInt8])

    /// A short description for error messages: the kind and, for scalars, a bounded preview.
    /// Vectors are never printed (they may be large and private).
    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .int(let value): "\(value)"
        case .float(let value): "\(value)"
        case .double(let value): "\(value)"
        case .string(let value): value.count > 40 ? "\"\(value.prefix(40))...\" (\(value.utf8.count) bytes)" : "\"\(value)\""
        case .json(let text): text.count > 40 ? "JSON \(text.prefix(40))..." : "JSON \(text)"
        case .array(let values): "an array of \(values.count) elements"
        case .floatVector(let values): "a float vector of dimension \(values.count)"
        case .binaryVector(let bytes): "a binary vector of \(bytes.count * 8) bits"
        }
    }

    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "Bool"
        case .int: "integer"
        case .float, .double: "floating-point number"
        case .string: "string"
        case .json: "JSON"
        case .array: "array"
        case .floatVector: "float vector"
        case .binaryVector: "binary vector"
        }
    }
}

/// A row as a caller writes it: field name to value. Keys outside the schema go to the dynamic
/// field when the collection enables it.
public typealias Row = [String: FieldValue]

/// Literals for rows written in code: `["id": 1, "title": "Arrows", "score": 0.5, "done": true]`.
extension FieldValue: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral,
                      ExpressibleByBooleanLiteral {
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}
