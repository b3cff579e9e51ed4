// Parser, primaries: literals, templates, field paths (`meta["a"][0]`, `$meta["k"]`),
// function calls, parenthesised expressions, list literals and `exists`.
// Invariants: integer literals fit Int64 (Int64.min only through Parser.parseUnary); lists
// hold at most FilterLimits.maxInListCount elements; template values are checked for depth
// before they are turned into nodes, so a hostile nested template cannot overflow the stack.

extension Parser {
    mutating func parsePrimary() throws(FilterError) -> SyntaxNode {
        let token = current
        switch token.kind {
        case .integer(let magnitude):
            guard magnitude <= UInt64(Int64.max) else {
                throw FilterError("integer '\(token.text)' is too large for Int64", at: token.column)
            }
            advance()
            return try node(.literal(.int(Int64(magnitude))), column: token.column)
        case .float(let value):
            advance()
            return try node(.literal(.double(value)), column: token.column)
        case .string(let value):
            advance()
            return try node(.literal(.string(value)), column: token.column)
        case .boolean(let value):
            advance()
            return try node(.literal(.bool(value)), column: token.column)
        case .template(let name):
            let value = try templateValue(name, column: token.column)
            advance()
            return try templateNode(value, name: name, column: token.column, depth: 1)
        case .identifier(let name):
            advance()
            if case .leftParen = current.kind { return try parseCall(name: name, column: token.column) }
            return try parseFieldPath(name: name, column: token.column)
        case .leftParen:
            advance()
            let inner = try parseOr()
            switch current.kind {
            case .rightParen:
                advance()
                return inner
            case .end:
                throw FilterError("unclosed '('", at: token.column)
            default:
                throw expected("')'")
            }
        case .leftBracket:
            return try parseList()
        case .exists:
            advance()
            let operand = try descend { (parser: inout Parser) throws(FilterError) in try parser.parsePrimary() }
            return try node(.exists(operand), column: token.column)
        case .null:
            throw FilterError("'null' is not a value; use 'is null' or 'is not null'", at: token.column)
        default:
            throw expected("a value")
        }
    }

    mutating func parseList() throws(FilterError) -> SyntaxNode {
        let column = current.column
        advance()
        var elements: [SyntaxNode] = []
        if case .rightBracket = current.kind {
            advance()
            return try node(.list([]), column: column)
        }
        while true {
            guard elements.count < FilterLimits.maxInListCount else { throw listLimitError(at: column) }
            elements.append(try parseOr())
            switch current.kind {
            case .comma:
                advance()
                if case .rightBracket = current.kind {
                    advance()
                    return try node(.list(elements), column: column)
                }
            case .rightBracket:
                advance()
                return try node(.list(elements), column: column)
            case .end:
                throw FilterError("unclosed '['", at: column)
            default:
                throw expected("',' or ']' in the list")
            }
        }
    }

    private mutating func parseFieldPath(name: String, column: Int) throws(FilterError) -> SyntaxNode {
        var path: [PathComponent] = []
        while case .leftBracket = current.kind {
            advance()
            switch current.kind {
            case .string(let key): path.append(.key(key))
            case .integer(let index) where index <= UInt64(Int.max): path.append(.index(Int(index)))
            default: throw expected("a string key or a non-negative integer index inside '[ ]'")
            }
            advance()
            guard case .rightBracket = current.kind else { throw expected("']'") }
            advance()
        }
        return try node(.field(name: name, path: path), column: column)
    }

    private mutating func parseCall(name: String, column: Int) throws(FilterError) -> SyntaxNode {
        guard let function = FilterFunction(rawValue: name.lowercased()) else {
            throw FilterError("unknown function '\(name)'", at: column)
        }
        advance()
        var arguments: [SyntaxNode] = []
        if case .rightParen = current.kind {
            advance()
        } else {
            argumentLoop: while true {
                arguments.append(try parseOr())
                switch current.kind {
                case .comma: advance()
                case .rightParen:
                    advance()
                    break argumentLoop
                default: throw expected("',' or ')' in the call to '\(name)'")
                }
            }
        }
        guard arguments.count == function.argumentCount else {
            let noun = function.argumentCount == 1 ? "argument" : "arguments"
            throw FilterError("'\(name)' takes \(function.argumentCount) \(noun) but got \(arguments.count)",
                              at: column)
        }
        return try node(.call(function, arguments: arguments), column: column)
    }

    // MARK: Templates

    func templateValue(_ name: String, column: Int) throws(FilterError) -> FilterValue {
        guard let value = templateValues[name] else {
            throw FilterError("no value given for template '{\(name)}'", at: column)
        }
        return value
    }

    /// A template value as literal nodes; lists become `.list` nodes.
    func templateNode(_ value: FilterValue, name: String, column: Int, depth: Int) throws(FilterError) -> SyntaxNode {
        guard depth <= FilterLimits.maxNestingDepth else { throw nestingError(at: column) }
        switch value {
        case .null:
            throw FilterError("template '{\(name)}' is null; use 'is null' to test for null", at: column)
        case .object:
            throw FilterError("template '{\(name)}' holds an object; filters take scalars and lists", at: column)
        case .array(let elements):
            guard elements.count <= FilterLimits.maxInListCount else { throw listLimitError(at: column) }
            var nodes: [SyntaxNode] = []
            nodes.reserveCapacity(elements.count)
            for element in elements {
                nodes.append(try templateNode(element, name: name, column: column, depth: depth + 1))
            }
            return try node(.list(nodes), column: column)
        case .bool, .int, .double, .string:
            return try node(.literal(value), column: column)
        }
    }

    func listLimitError(at column: Int) -> FilterError {
        FilterError("list has more than \(FilterLimits.maxInListCount) elements (FilterLimits.maxInListCount)",
                    at: column)
    }
}
