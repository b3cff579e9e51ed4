// DataType: the field types of a collection schema, spelled as Milvus spells them
// ("Int64", "VarChar", "FloatVector", ...), so schemas read the same in Swift, JSON and REST.

public enum DataType: String, Sendable, Codable, CaseIterable {
    case bool = "Bool"
    case int8 = "Int8"
    case int16 = "Int16"
    case int32 = "Int32"
    case int64 = "Int64"
    case float = "Float"
    case double = "Double"
    case varChar = "VarChar"
    case json = "JSON"
    case array = "Array"
    case floatVector = "FloatVector"
    case binaryVector = "BinaryVector"

    public var isVector: Bool { self == .floatVector || self == .binaryVector }

    public var isInteger: Bool {
        switch self {
        case .int8, .int16, .int32, .int64: true
        default: false
        }
    }

    /// The closed range an integer type holds; nil for other types.
    var integerRange: ClosedRange<Int64>? {
        switch self {
        case .int8: Int64(Int8.min)...Int64(Int8.max)
        case .int16: Int64(Int16.min)...Int64(Int16.max)
        case .int32: Int64(Int32.min)...Int64(Int32.max)
        case .int64: Int64.min...Int64.max
        default: nil
        }
    }

    /// Types allowed as the element of an Array field (Milvus: scalars only, no JSON or nested arrays).
    var isArrayElementType: Bool {
        switch self {
        case .bool, .int8, .int16, .int32, .int64, .float, .double, .varChar: true
        default: false
        }
    }

    /// Parses a type name case-insensitively ("int64", "INT64", "varchar", "float_vector" too).
    public init?(name: String) {
        let folded = name.lowercased().replacingOccurrences(of: "_", with: "")
        guard let match = DataType.allCases.first(where: { $0.rawValue.lowercased() == folded }) else { return nil }
        self = match
    }
}
