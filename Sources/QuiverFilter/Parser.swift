// Parser: recursive descent over the tokens, building the syntax tree (grammar in
// FilterGrammar.md). Precedence, loosest first: or, and, == !=, relational (< <= > >= with
// chaining, in, not in, like, is [not] null), + -, * / %, unary - + not, **, postfix [ ].
// Invariants: every recursive entry goes through `descend`, and every node built goes through
// `node`, so neither the call stack nor the tree can exceed FilterLimits.maxNestingDepth
// (a 10,000-deep `((((` throws instead of overflowing the stack); lists never exceed
// FilterLimits.maxInListCount elements; the parser never traps on any token sequence.
// Ownership: a short-lived value used by Filter.parse only.

struct Parser {
    let tokens: [Token]
    let templateValues: [String: FilterValue]
    var index = 0
    var nestingDepth = 0

    init(tokens: [Token], templateValues: [String: FilterValue]) {
        precondition(tokens.last.map { $0.kind == .end } ?? false, "token list must end with .end")
        self.tokens = tokens
        self.templateValues = templateValues
    }

    /// The whole expression; throws unless every token is used.
    mutating func parseFilter() throws(FilterError) -> SyntaxNode {
        if case .end = current.kind { throw FilterError("the filter expression is empty", at: current.column) }
        let root = try parseOr()
        guard case .end = current.kind else {
            if case .not = current.kind {
                throw FilterError("expected 'in' after 'not' (a negation goes before its operand)", at: current.column)
            }
            throw FilterError("expected an operator or the end of the expression but found \(current.quoted)",
                              at: current.column)
        }
        return root
    }

    // MARK: Token access

    var current: Token { tokens[index] }
    var previous: Token? { index > 0 ? tokens[index - 1] : nil }

    func peekKind(_ offset: Int) -> TokenKind {
        let at = index + offset
        return at < tokens.count ? tokens[at].kind : .end
    }

    mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    /// Runs `body` one nesting level deeper, throwing past the limit.
    mutating func descend<T>(_ body: (inout Parser) throws(FilterError) -> T) throws(FilterError) -> T {
        guard nestingDepth < FilterLimits.maxNestingDepth else { throw nestingError(at: current.column) }
        nestingDepth += 1
        defer { nestingDepth -= 1 }
        return try body(&self)
    }

    /// Builds a node, throwing when the tree would be deeper than the limit.
    func node(_ kind: SyntaxKind, column: Int) throws(FilterError) -> SyntaxNode {
        let built = SyntaxNode(kind, column: column)
        guard built.depth <= FilterLimits.maxNestingDepth else { throw nestingError(at: column) }
        return built
    }

    func nestingError(at column: Int) -> FilterError {
        FilterError("expression nests deeper than \(FilterLimits.maxNestingDepth) levels "
                    + "(FilterLimits.maxNestingDepth)", at: column)
    }

    /// "expected X after 'prev'" at the end of input, "expected X but found 'tok'" otherwise.
    func expected(_ what: String) -> FilterError {
        if case .end = current.kind, let previous {
            return FilterError("expected \(what) after \(previous.quoted)", at: current.column)
        }
        return FilterError("expected \(what) but found \(current.quoted)", at: current.column)
    }

    // MARK: Binary levels

    mutating func parseOr() throws(FilterError) -> SyntaxNode {
        try descend { (parser: inout Parser) throws(FilterError) -> SyntaxNode in
            var operands = [try parser.parseAnd()]
            while case .or = parser.current.kind {
                parser.advance()
                operands.append(try parser.parseAnd())
            }
            if operands.count == 1 { return operands[0] }
            return try parser.node(.logical(.or, operands), column: operands[0].column)
        }
    }

    mutating func parseAnd() throws(FilterError) -> SyntaxNode {
        var operands = [try parseEquality()]
        while case .and = current.kind {
            advance()
            operands.append(try parseEquality())
        }
        if operands.count == 1 { return operands[0] }
        return try node(.logical(.and, operands), column: operands[0].column)
    }

    mutating func parseEquality() throws(FilterError) -> SyntaxNode {
        var left = try parseRelational()
        while true {
            let op: ComparisonOperator
            switch current.kind {
            case .equal: op = .equal
            case .notEqual: op = .notEqual
            default: return left
            }
            let operatorColumn = current.column
            advance()
            let right = try parseRelational()
            left = try node(.comparison(op, left, right, operatorColumn: operatorColumn), column: left.column)
        }
    }

    mutating func parseAdditive() throws(FilterError) -> SyntaxNode {
        var left = try parseMultiplicative()
        while true {
            let op: ArithmeticOperator
            switch current.kind {
            case .plus: op = .add
            case .minus: op = .subtract
            default: return left
            }
            advance()
            let right = try parseMultiplicative()
            left = try node(.arithmetic(op, left, right), column: left.column)
        }
    }

    mutating func parseMultiplicative() throws(FilterError) -> SyntaxNode {
        var left = try parseUnary()
        while true {
            let op: ArithmeticOperator
            switch current.kind {
            case .star: op = .multiply
            case .slash: op = .divide
            case .percent: op = .remainder
            default: return left
            }
            advance()
            let right = try parseUnary()
            left = try node(.arithmetic(op, left, right), column: left.column)
        }
    }

    mutating func parseUnary() throws(FilterError) -> SyntaxNode {
        let op: UnaryOperator
        switch current.kind {
        case .minus: op = .negate
        case .plus: op = .plus
        case .not: op = .not
        default: return try parsePower()
        }
        let column = current.column
        // -9223372036854775808 is only representable as a negated literal.
        if op == .negate, case .integer(let magnitude) = peekKind(1), magnitude == UInt64(Int64.max) + 1,
           peekKind(2) != .power {
            advance()
            advance()
            return try node(.literal(.int(.min)), column: column)
        }
        advance()
        let operand = try descend { (parser: inout Parser) throws(FilterError) in try parser.parseUnary() }
        return try node(.unary(op, operand), column: column)
    }

    /// `base ** exponent`, right-associative; the exponent may carry a unary sign.
    mutating func parsePower() throws(FilterError) -> SyntaxNode {
        let base = try parsePrimary()
        guard case .power = current.kind else { return base }
        advance()
        let exponent = try descend { (parser: inout Parser) throws(FilterError) in try parser.parseUnary() }
        return try node(.arithmetic(.power, base, exponent), column: base.column)
    }
}
