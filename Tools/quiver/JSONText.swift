// JSONText: builds the JSON lines the CLI prints. Hand-written rather than JSONSerialization so
// that key order is stable and floats print in their shortest round-trip form ("0.1", not
// "0.10000000149011612"): parsing the text back as Float gives the stored bits exactly.
// Invariant: every function returns valid JSON; non-finite numbers become null.

import Quiver

enum JSONText {
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func number(_ value: Float) -> String { value.isFinite ? "\(value)" : "null" }

    static func number(_ value: Double) -> String { value.isFinite ? "\(value)" : "null" }

    static func array(_ elements: [String]) -> String { "[" + elements.joined(separator: ",") + "]" }

    /// An object with keys in the given order; values are JSON text already.
    static func object(_ pairs: [(key: String, value: String)]) -> String {
        "{" + pairs.map { string($0.key) + ":" + $0.value }.joined(separator: ",") + "}"
    }

    /// A primary key: a number for Int64 keys, a string for VarChar keys.
    static func key(_ key: PrimaryKey) -> String {
        switch key {
        case .int(let value): "\(value)"
        case .string(let value): string(value)
        }
    }

    static func value(_ value: FieldValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): "\(number)"
        case .float(let number): self.number(number)
        case .double(let number): self.number(number)
        case .string(let text): string(text)
        case .json(let text): text   // validated JSON when it was stored
        case .array(let elements): array(elements.map(self.value))
        case .floatVector(let vector): array(vector.map(number))
        case .binaryVector(let bytes): array(bytes.map { "\($0)" })
        }
    }
}
