// JSONInputParser: RFC 8259 JSON text to JSONInput, with errors that give the 1-based column
// (byte offset within the text) and say what was expected, never quoting the input itself.
// Invariants: nesting is bounded by `maxDepth`, so hostile input cannot overflow the stack;
// the whole text must be one value plus surrounding whitespace.

import Foundation
import Quiver

struct JSONInputParser {
    static let maxDepth = 128

    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0

    /// Parses `text` as one JSON value; throws `.invalidArgument` saying where it stopped.
    static func parse(_ text: some Swift.Collection<UInt8>) throws(QuiverError) -> JSONInput {
        var parser = JSONInputParser(bytes: Array(text))
        parser.skipWhitespace()
        let value = try parser.readValue()
        parser.skipWhitespace()
        guard parser.position == parser.bytes.count else { throw parser.error("unexpected text after the JSON value") }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func error(_ what: String) -> QuiverError {
        QuiverError(.invalidArgument, "invalid JSON at column \(position + 1): \(what)")
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
    }

    private mutating func readValue() throws(QuiverError) -> JSONInput {
        guard let byte = current else { throw error("expected a value, found the end") }
        switch byte {
        case UInt8(ascii: "{"): return try readObject()
        case UInt8(ascii: "["): return try readArray()
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"): try readLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try readLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try readLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0") ... UInt8(ascii: "9"): return try readNumber()
        default: throw error("expected a value")
        }
    }

    private mutating func readLiteral(_ word: String) throws(QuiverError) {
        let expected = Array(word.utf8)
        guard bytes.count - position >= expected.count, Array(bytes[position ..< position + expected.count]) == expected else {
            throw error("expected '\(word)'")
        }
        position += expected.count
    }

    private mutating func enterContainer() throws(QuiverError) {
        depth += 1
        guard depth <= Self.maxDepth else { throw error("nested deeper than \(Self.maxDepth) levels") }
        position += 1
        skipWhitespace()
    }

    private mutating func readObject() throws(QuiverError) -> JSONInput {
        try enterContainer()
        defer { depth -= 1 }
        var pairs: [(key: String, value: JSONInput)] = []
        var keys = Set<String>()
        if current == UInt8(ascii: "}") { position += 1; return .object(pairs) }
        while true {
            guard current == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try readString()
            guard keys.insert(key).inserted else { throw error("key '\(key.prefix(64))' appears twice in one object") }
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw error("expected ':' after a key") }
            position += 1
            skipWhitespace()
            pairs.append((key, try readValue()))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1; skipWhitespace()
            case UInt8(ascii: "}"): position += 1; return .object(pairs)
            default: throw error("expected ',' or '}' in an object")
            }
        }
    }

    private mutating func readArray() throws(QuiverError) -> JSONInput {
        try enterContainer()
        defer { depth -= 1 }
        var elements: [JSONInput] = []
        if current == UInt8(ascii: "]") { position += 1; return .array(elements) }
        while true {
            elements.append(try readValue())
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1; skipWhitespace()
            case UInt8(ascii: "]"): position += 1; return .array(elements)
            default: throw error("expected ',' or ']' in an array")
            }
        }
    }

    private mutating func readString() throws(QuiverError) -> String {
        position += 1   // the opening quote
        var utf8: [UInt8] = []
        while true {
            guard let byte = current else { throw error("unterminated string") }
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: utf8, as: UTF8.self) else { throw error("string is not valid UTF-8") }
                return text
            case UInt8(ascii: "\\"):
                guard let escape = current else { throw error("unterminated string") }
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"): utf8.append(contentsOf: try readUnicodeEscape())
                default: throw error("unknown escape in a string")
                }
            case 0x00 ..< 0x20:
                throw error("control character inside a string")
            default:
                utf8.append(byte)
            }
        }
    }

    /// After "\u": four hex digits, or a surrogate pair written as two escapes.
    private mutating func readUnicodeEscape() throws(QuiverError) -> [UInt8] {
        let first = try readHex4()
        var scalarValue = first
        if (0xD800 ..< 0xDC00).contains(first) {
            guard bytes.count - position >= 6, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                throw error("high surrogate without its low surrogate")
            }
            position += 2
            let second = try readHex4()
            guard (0xDC00 ..< 0xE000).contains(second) else { throw error("high surrogate without its low surrogate") }
            scalarValue = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(scalarValue) else { throw error("\\u escape is not a Unicode scalar") }
        return Array(String(Character(scalar)).utf8)
    }

    private mutating func readHex4() throws(QuiverError) -> UInt32 {
        guard bytes.count - position >= 4 else { throw error("\\u needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0 ..< 4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0") ... UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a") ... UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A") ... UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("\\u needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    private mutating func readNumber() throws(QuiverError) -> JSONInput {
        let start = position
        var isIntegral = true
        if current == UInt8(ascii: "-") { position += 1 }
        func digits(_ parser: inout JSONInputParser) -> Int {
            let begin = parser.position
            while let byte = parser.current, (UInt8(ascii: "0") ... UInt8(ascii: "9")).contains(byte) { parser.position += 1 }
            return parser.position - begin
        }
        let integerDigitStart = position
        let integerDigits = digits(&self)
        guard integerDigits > 0 else { throw error("expected digits in a number") }
        guard integerDigits == 1 || bytes[integerDigitStart] != UInt8(ascii: "0") else { throw error("leading zero in a number") }
        if current == UInt8(ascii: ".") {
            isIntegral = false
            position += 1
            guard digits(&self) > 0 else { throw error("expected digits after '.'") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            isIntegral = false
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard digits(&self) > 0 else { throw error("expected digits in the exponent") }
        }
        let literal = String(decoding: bytes[start ..< position], as: UTF8.self)
        if isIntegral, let integer = Int64(literal) { return .integer(integer) }
        guard let number = Double(literal), number.isFinite else { throw error("number out of range") }
        return .number(number)
    }
}
