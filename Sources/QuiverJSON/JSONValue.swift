// JSONValue: one JSON document, the single JSON model of the project: the server's request
// bodies and replies, the CLI's schema and rows files, and the engine's JSON and `$meta` columns
// all read and write it (JSONParser in, JSONWriter out).
// Invariants: integers that fit Int64 stay exact (`.int`), so 64-bit ids survive a round trip;
// `.float` exists only on the way out, so stored Float values print in their shortest form;
// objects keep their keys in insertion order (responses read in a stable order).
// Ownership: values are immutable once built; the parser and writer are the only codecs.

/// A JSON value (see the file header for the number and key-order rules).
package enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    /// Output only: a Float printed in its shortest round-trip form ("0.1", not "0.100000001").
    case float(Float)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// Numbers as Double (ints and floats widened); nil for anything else.
    package var doubleValue: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        case .float(let value): Double(value)
        default: nil
        }
    }

    /// The integer of `.int`; nil for anything else (a whole Double included).
    package var intValue: Int64? {
        if case .int(let value) = self { return value }
        return nil
    }

    package var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    package var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    package var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// A short name of the kind, for error messages (values are never echoed).
    package var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double, .float: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// A JSON object: keys in insertion order, looked up through a hash index (so a hostile body
/// with many keys costs linear time, not quadratic). A repeated key keeps its first position
/// and takes the last value, as most JSON readers do.
package struct JSONObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    package private(set) var keys: [String] = []
    package private(set) var values: [JSONValue] = []
    private var positions: [String: Int] = [:]

    package init() {}

    package init(dictionaryLiteral elements: (String, JSONValue)...) {
        for (key, value) in elements { self[key] = value }
    }

    package var count: Int { keys.count }
    package var isEmpty: Bool { keys.isEmpty }

    package subscript(key: String) -> JSONValue? {
        get { positions[key].map { values[$0] } }
        set {
            if let position = positions[key] {
                if let newValue {
                    values[position] = newValue
                } else {
                    keys.remove(at: position)
                    values.remove(at: position)
                    positions = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
                }
            } else if let newValue {
                positions[key] = keys.count
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    package var members: Zip2Sequence<[String], [JSONValue]> { zip(keys, values) }

    package static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.keys == rhs.keys && lhs.values == rhs.values
    }
}
