// Lexer: turns a filter expression into tokens (see FilterGrammar.md for the lexical rules).
// Invariants: works on Unicode scalars so columns are scalar positions + 1; never traps on
// any input (every index is checked against `scalars.count`); the token list ends with .end.
// Ownership: a short-lived value used by Filter.parse only.

struct Lexer {
    private let scalars: [Unicode.Scalar]
    /// Index of the next unread scalar; internal so Lexer+Literals can scan.
    var position = 0

    init(_ expression: String) {
        scalars = Array(expression.unicodeScalars)
    }

    /// All tokens of `expression`, ending with `.end`.
    static func tokenize(_ expression: String) throws(FilterError) -> [Token] {
        var lexer = Lexer(expression)
        var tokens: [Token] = []
        while true {
            let token = try lexer.nextToken()
            tokens.append(token)
            if case .end = token.kind { return tokens }
        }
    }

    // MARK: Scanning

    var scalarCount: Int { scalars.count }

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let index = position + offset
        return index < scalars.count ? scalars[index] : nil
    }

    func scalarsText(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[range.clamped(to: 0..<scalars.count)])
        return String(view)
    }

    private func text(from start: Int) -> String { scalarsText(start..<position) }

    private mutating func nextToken() throws(FilterError) -> Token {
        while let scalar = peek(), scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
            position += 1
        }
        let start = position
        guard let scalar = peek() else { return Token(kind: .end, column: position + 1, text: "") }
        let kind: TokenKind
        if scalar.isIdentifierStart {
            while let next = peek(), next.isIdentifierPart { position += 1 }
            let word = text(from: start)
            kind = TokenKind.keywords[word] ?? .identifier(word)
        } else if scalar.isDecimalDigit || (scalar == "." && peek(1)?.isDecimalDigit == true) {
            kind = try lexNumber()
        } else if scalar == "\"" || scalar == "'" {
            kind = .string(try lexString(quote: scalar))
        } else if scalar == "$" {
            kind = try lexMeta()
        } else if scalar == "{" {
            kind = try lexTemplate()
        } else {
            kind = try lexSymbol(scalar)
        }
        return Token(kind: kind, column: start + 1, text: text(from: start))
    }

    private mutating func lexSymbol(_ scalar: Unicode.Scalar) throws(FilterError) -> TokenKind {
        let column = position + 1
        let next = peek(1)
        position += 1
        switch scalar {
        case "(": return .leftParen
        case ")": return .rightParen
        case "[": return .leftBracket
        case "]": return .rightBracket
        case ",": return .comma
        case "+": return .plus
        case "-": return .minus
        case "/": return .slash
        case "%": return .percent
        case "*":
            if next == "*" { position += 1; return .power }
            return .star
        case "=":
            if next == "=" { position += 1; return .equal }
            throw FilterError("unexpected '='; use '==' to test equality", at: column)
        case "!":
            if next == "=" { position += 1; return .notEqual }
            return .not
        case "<":
            if next == "=" { position += 1; return .lessOrEqual }
            return .less
        case ">":
            if next == "=" { position += 1; return .greaterOrEqual }
            return .greater
        case "&":
            if next == "&" { position += 1; return .and }
            throw FilterError("unexpected '&'; use '&&' or 'and' (bitwise operators are not supported)", at: column)
        case "|":
            if next == "|" { position += 1; return .or }
            throw FilterError("unexpected '|'; use '||' or 'or' (bitwise operators are not supported)", at: column)
        default:
            throw FilterError("unexpected character '\(scalar.escaped(asASCII: true))'", at: column)
        }
    }

    /// `$meta`, the dynamic field.
    private mutating func lexMeta() throws(FilterError) -> TokenKind {
        let column = position + 1
        position += 1
        let wordStart = position
        while let next = peek(), next.isIdentifierPart { position += 1 }
        guard text(from: wordStart) == "meta" else {
            throw FilterError("unexpected '$'; only '$meta' may start with '$'", at: column)
        }
        return .identifier(FilterSchema.dynamicFieldName)
    }

    /// `{name}`: a template placeholder.
    private mutating func lexTemplate() throws(FilterError) -> TokenKind {
        let column = position + 1
        position += 1
        while peek() == " " { position += 1 }
        let nameStart = position
        if let first = peek(), first.isIdentifierStart {
            while let next = peek(), next.isIdentifierPart { position += 1 }
        }
        let name = text(from: nameStart)
        while peek() == " " { position += 1 }
        guard !name.isEmpty, peek() == "}" else {
            throw FilterError("expected a template name like '{name}'", at: column)
        }
        position += 1
        return .template(name)
    }
}

extension Unicode.Scalar {
    var isDecimalDigit: Bool { ("0"..."9").contains(self) }
    var isIdentifierStart: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) || self == "_" }
    var isIdentifierPart: Bool { isIdentifierStart || isDecimalDigit }
}
