// Lexer, literals: numbers (decimal, 0x hex, 0o and leading-zero octal, 0b binary, floats
// with optional fraction and exponent, `.5`) and quoted strings with escapes.
// Invariants: integer literals are returned as magnitudes that fit UInt64 (the parser checks
// the Int64 range); floats are finite; a backslash before '%' or '_' is kept in the string so
// that `like` patterns can escape their wildcards.

extension Lexer {
    mutating func lexNumber() throws(FilterError) -> TokenKind {
        let start = position
        if peek() == "0", let marker = peek(1), let radix = Lexer.radix(marker) {
            position += 2
            let digitsStart = position
            while let next = peek(), next.isIdentifierPart || next == "." { position += 1 }
            let digits = scalarsText(digitsStart..<position)
            guard !digits.isEmpty else {
                throw FilterError("expected digits after '0\(marker)'", at: start + 1)
            }
            guard let value = UInt64(digits, radix: radix) else {
                throw invalidInteger(text: scalarsText(start..<position), digits: digits, radix: radix,
                                     column: start + 1)
            }
            return .integer(value)
        }
        let integerStart = position
        while let next = peek(), next.isDecimalDigit { position += 1 }
        let integerPart = scalarsText(integerStart..<position)
        var fractionPart: String?
        var exponentPart = ""
        if peek() == "." {
            position += 1
            let fractionStart = position
            while let next = peek(), next.isDecimalDigit { position += 1 }
            fractionPart = scalarsText(fractionStart..<position)
        }
        if let marker = peek(), marker == "e" || marker == "E" {
            var length = 1
            if let sign = peek(1), sign == "+" || sign == "-" { length = 2 }
            guard peek(length)?.isDecimalDigit == true else {
                throw FilterError("expected digits in the exponent of '\(scalarsText(start..<position + 1))'",
                                  at: start + 1)
            }
            let exponentStart = position
            position += length
            while let next = peek(), next.isDecimalDigit { position += 1 }
            exponentPart = scalarsText(exponentStart..<position)
        }
        if let next = peek(), next.isIdentifierPart || next == "." {
            while let more = peek(), more.isIdentifierPart || more == "." { position += 1 }
            throw FilterError("invalid number '\(scalarsText(start..<position))'", at: start + 1)
        }
        let literal = scalarsText(start..<position)
        if fractionPart != nil || !exponentPart.isEmpty {
            let normalized = (integerPart.isEmpty ? "0" : integerPart) + "."
                + ((fractionPart ?? "").isEmpty ? "0" : fractionPart!) + exponentPart
            guard let value = Double(normalized), value.isFinite else {
                throw FilterError("number '\(literal)' is out of range", at: start + 1)
            }
            return .float(value)
        }
        if integerPart.count > 1 && integerPart.hasPrefix("0") {
            let digits = String(integerPart.dropFirst())
            guard let value = UInt64(digits, radix: 8) else {
                throw invalidInteger(text: literal, digits: digits, radix: 8, column: start + 1)
            }
            return .integer(value)
        }
        guard let value = UInt64(integerPart) else {
            throw invalidInteger(text: literal, digits: integerPart, radix: 10, column: start + 1)
        }
        return .integer(value)
    }

    /// A quoted string; `quote` is `"` or `'`.
    mutating func lexString(quote: Unicode.Scalar) throws(FilterError) -> String {
        let openingColumn = position + 1
        position += 1
        var result = String.UnicodeScalarView()
        while true {
            guard let scalar = peek() else {
                throw FilterError("unterminated string starting", at: openingColumn)
            }
            position += 1
            if scalar == quote { return String(result) }
            guard scalar == "\\" else {
                result.append(scalar)
                continue
            }
            let escapeColumn = position
            guard let escaped = peek() else {
                throw FilterError("unterminated string starting", at: openingColumn)
            }
            position += 1
            switch escaped {
            case "n": result.append("\n")
            case "t": result.append("\t")
            case "r": result.append("\r")
            case "b": result.append("\u{8}")
            case "f": result.append("\u{C}")
            case "0": result.append("\0")
            case "\"", "'", "\\", "/": result.append(escaped)
            case "%", "_":
                result.append("\\")
                result.append(escaped)
            case "u": result.append(try lexUnicodeEscape(column: escapeColumn))
            default:
                throw FilterError("invalid escape '\\\(escaped.escaped(asASCII: true))' in a string",
                                  at: escapeColumn)
            }
        }
    }

    /// After `\u`: four hex digits, or a surrogate pair `\uD83D\uDE00`.
    private mutating func lexUnicodeEscape(column: Int) throws(FilterError) -> Unicode.Scalar {
        let invalid = FilterError("invalid unicode escape; expected '\\u' and four hex digits", at: column)
        guard let high = readHex4() else { throw invalid }
        if (0xD800...0xDBFF).contains(high) {
            guard peek() == "\\", peek(1) == "u" else { throw invalid }
            position += 2
            guard let low = readHex4(), (0xDC00...0xDFFF).contains(low) else { throw invalid }
            let combined = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            guard let scalar = Unicode.Scalar(combined) else { throw invalid }
            return scalar
        }
        guard let scalar = Unicode.Scalar(high) else { throw invalid }
        return scalar
    }

    private mutating func readHex4() -> UInt32? {
        guard position + 4 <= scalarCount else { return nil }
        let digits = scalarsText(position..<position + 4)
        guard let value = UInt32(digits, radix: 16), digits.allSatisfy(\.isHexDigit) else { return nil }
        position += 4
        return value
    }

    /// Either the digits do not belong to the radix, or the value does not fit 64 bits.
    private func invalidInteger(text: String, digits: String, radix: Int, column: Int) -> FilterError {
        let validDigits = digits.allSatisfy { $0.hexDigitValue.map { $0 < radix } ?? false }
        if validDigits {
            return FilterError("integer '\(text)' is too large for Int64", at: column)
        }
        let base = [2: "binary", 8: "octal", 10: "decimal", 16: "hexadecimal"][radix] ?? "integer"
        return FilterError("invalid \(base) integer '\(text)'", at: column)
    }

    private static func radix(_ marker: Unicode.Scalar) -> Int? {
        switch marker {
        case "x", "X": 16
        case "o", "O": 8
        case "b", "B": 2
        default: nil
        }
    }
}
