// JSONWriter: renders a JSONValue as compact UTF-8 JSON text.
// Invariants: the output is always valid JSON: non-finite numbers become null, strings are
// escaped per RFC 8259, object keys keep their order unless `sortingKeys` asks for the
// canonical form (keys in String order at every level), which the engine stores.
// Numbers print in their shortest round-trip form: 0.1 as "0.1", 3.0 as "3.0", Int64 exactly.

/// The one JSON writer of the project.
package enum JSONWriter {
    /// Compact JSON text of `value`; with `sortingKeys`, every object's keys in String order.
    package static func bytes(of value: JSONValue, sortingKeys: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(value, into: &out, sortingKeys: sortingKeys)
        return out
    }

    /// `bytes(of:sortingKeys:)` as a String.
    package static func string(of value: JSONValue, sortingKeys: Bool = false) -> String {
        String(decoding: bytes(of: value, sortingKeys: sortingKeys), as: UTF8.self)
    }

    /// Appends the compact JSON text of `value` to `out`.
    package static func write(_ value: JSONValue, into out: inout [UInt8], sortingKeys: Bool = false) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .int(let number): out.append(contentsOf: String(number).utf8)
        case .double(let number): out.append(contentsOf: (number.isFinite ? "\(number)" : "null").utf8)
        case .float(let number): out.append(contentsOf: (number.isFinite ? "\(number)" : "null").utf8)
        case .string(let text): writeString(text, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(element, into: &out, sortingKeys: sortingKeys)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            let members = sortingKeys ? object.members.sorted { $0.0 < $1.0 } : Array(object.members)
            for (index, (key, element)) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(element, into: &out, sortingKeys: sortingKeys)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `text` as a JSON string literal.
    package static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0 ..< 0x20:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
