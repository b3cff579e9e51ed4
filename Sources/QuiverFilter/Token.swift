// Token: one lexical unit of a filter expression, with its 1-based column and its spelling
// (for error messages). Keywords are recognised in lower or upper case only, as in Milvus
// (`and`/`AND`); booleans also in capitalised form (`True`). `&&`, `||` and `!` are the
// keywords and, or, not.
// Ownership: value types produced by Lexer and consumed by Parser.

struct Token: Sendable {
    let kind: TokenKind
    let column: Int
    /// The source spelling; empty for the end token.
    let text: String

    /// How messages refer to the token: `'in'`, or "the end of the expression".
    var quoted: String {
        if case .end = kind { return "the end of the expression" }
        let shown = text.count > 24 ? String(text.prefix(24)) + "..." : text
        return "'\(shown)'"
    }
}

enum TokenKind: Sendable, Equatable {
    /// Magnitude of an integer literal; the parser range-checks it (2^63 only after '-').
    case integer(UInt64)
    case float(Double)
    case string(String)
    case boolean(Bool)
    /// A field or dynamic-key name, or `$meta`.
    case identifier(String)
    /// `{name}`, filled from the template values.
    case template(String)
    case and, or, not, `in`, like, `is`, null, exists
    case leftParen, rightParen, leftBracket, rightBracket, comma
    case plus, minus, star, slash, percent, power
    case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
    case end

    static let keywords: [String: TokenKind] = {
        var table: [String: TokenKind] = [:]
        let words: [(String, TokenKind)] = [
            ("and", .and), ("or", .or), ("not", .not), ("in", .in), ("like", .like),
            ("is", .is), ("null", .null), ("exists", .exists),
        ]
        for (word, kind) in words {
            table[word] = kind
            table[word.uppercased()] = kind
        }
        for (word, value) in [("true", true), ("false", false)] {
            table[word] = .boolean(value)
            table[word.uppercased()] = .boolean(value)
            table[word.prefix(1).uppercased() + word.dropFirst()] = .boolean(value)
        }
        return table
    }()

    var orderingOperator: ComparisonOperator? {
        switch self {
        case .less: .less
        case .lessOrEqual: .lessOrEqual
        case .greater: .greater
        case .greaterOrEqual: .greaterOrEqual
        default: nil
        }
    }
}
