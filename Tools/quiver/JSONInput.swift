// JSONInput: a JSON value as the CLI reads it from schema and rows files. Unlike Foundation's
// JSONSerialization it keeps what the text said: an integer literal stays an Int64 (no detour
// through Double, so ids above 2^53 survive), a number with a fraction or exponent is a Double,
// and object keys keep their file order.
// Invariants: object keys are unique (the parser rejects duplicates); `text` is valid JSON.

enum JSONInput: Equatable {
    case null
    case bool(Bool)
    /// An integer literal that fits Int64 ("12", "-3"); larger ones are `.number`.
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONInput])
    case object([(key: String, value: JSONInput)])

    static func == (lhs: JSONInput, rhs: JSONInput) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a.map(\.key) == b.map(\.key) && a.map(\.value) == b.map(\.value)
        default: false
        }
    }

    /// The value of `key` in an object; nil for a missing key or a non-object.
    subscript(key: String) -> JSONInput? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.key == key }?.value
    }

    /// What kind of value this is, for error messages that must not quote the value itself.
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer: "an integer"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// Compact JSON text, keys in their original order.
    var text: String {
        switch self {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .integer(let value): "\(value)"
        case .number(let value): JSONText.number(value)
        case .string(let value): JSONText.string(value)
        case .array(let elements): JSONText.array(elements.map(\.text))
        case .object(let pairs): JSONText.object(pairs.map { ($0.key, $0.value.text) })
        }
    }
}
