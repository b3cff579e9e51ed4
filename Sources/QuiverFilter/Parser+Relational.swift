// Parser, relational level: comparisons with Milvus's chained ranges (`1 < x <= 5`,
// `10 > x >= 2`), `in` / `not in` lists, `like` patterns and `is [not] null`.
// Invariants: a chain has exactly two operators pointing the same way; the right side of `in`
// is a list literal or a list template; the right side of `like` is a string literal or a
// string template.

extension Parser {
    mutating func parseRelational() throws(FilterError) -> SyntaxNode {
        let left = try parseAdditive()
        switch current.kind {
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            return try parseComparisonChain(startingWith: left)
        case .in:
            advance()
            let list = try parseListOperand()
            return try node(.membership(left, list, negated: false), column: left.column)
        case .not:
            guard case .in = peekKind(1) else {
                throw FilterError("expected 'in' after 'not' (a negation goes before its operand)",
                                  at: current.column)
            }
            advance()
            advance()
            let list = try parseListOperand()
            return try node(.membership(left, list, negated: true), column: left.column)
        case .like:
            advance()
            let pattern = try parseLikePattern()
            return try node(.like(left, pattern: pattern), column: left.column)
        case .is:
            advance()
            var negated = false
            if case .not = current.kind {
                negated = true
                advance()
            }
            guard case .null = current.kind else { throw expected(negated ? "'null'" : "'null' or 'not null'") }
            advance()
            return try node(.nullTest(left, negated: negated), column: left.column)
        default:
            return left
        }
    }

    private mutating func parseComparisonChain(startingWith left: SyntaxNode) throws(FilterError) -> SyntaxNode {
        guard let first = current.kind.orderingOperator else { preconditionFailure("caller checked the operator") }
        let firstColumn = current.column
        advance()
        let middle = try parseAdditive()
        guard let second = current.kind.orderingOperator else {
            return try node(.comparison(first, left, middle, operatorColumn: firstColumn), column: left.column)
        }
        guard second.pointsUp == first.pointsUp else {
            throw FilterError("a chained comparison must point one way ('<'/'<=' twice or '>'/'>=' twice)",
                              at: current.column)
        }
        advance()
        let upper = try parseAdditive()
        if current.kind.orderingOperator != nil {
            throw FilterError("a chained comparison has at most two operators", at: current.column)
        }
        return try node(.chain(left, first, middle, second, upper), column: left.column)
    }

    /// The right side of `in`: `[...]` or `{template}` holding a list.
    private mutating func parseListOperand() throws(FilterError) -> SyntaxNode {
        switch current.kind {
        case .leftBracket:
            return try parseList()
        case .template(let name):
            let column = current.column
            let value = try templateValue(name, column: column)
            guard case .array = value else {
                throw FilterError("template '{\(name)}' after 'in' must hold a list", at: column)
            }
            advance()
            return try templateNode(value, name: name, column: column, depth: 1)
        case .end:
            throw expected("a value")
        default:
            throw expected("a list like [1, 2]")
        }
    }

    private mutating func parseLikePattern() throws(FilterError) -> String {
        switch current.kind {
        case .string(let pattern):
            advance()
            return pattern
        case .template(let name):
            guard case .string(let pattern) = try templateValue(name, column: current.column) else {
                throw FilterError("template '{\(name)}' after 'like' must hold a string", at: current.column)
            }
            advance()
            return pattern
        default:
            throw expected("a string pattern")
        }
    }
}
