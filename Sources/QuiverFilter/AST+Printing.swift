// AST printing: the canonical form of a parsed filter, with every operation in parentheses and
// keywords in lower case, e.g. `((a + (b * c)) > 1)`. Used by Filter.canonicalExpression,
// logs and the precedence tests. Recursion is bounded by the tree depth limit.

extension SyntaxNode {
    var canonical: String {
        switch kind {
        case .literal(let value): return value.canonicalLiteral
        case .list(let elements): return "[" + elements.map(\.canonical).joined(separator: ", ") + "]"
        case .field(let name, let path): return name + path.map(\.canonical).joined()
        case .unary(.not, let operand): return "(not \(operand.canonical))"
        case .unary(let op, let operand): return "(\(op.rawValue)\(operand.canonical))"
        case .arithmetic(let op, let left, let right):
            return "(\(left.canonical) \(op.rawValue) \(right.canonical))"
        case .comparison(let op, let left, let right, _):
            return "(\(left.canonical) \(op.rawValue) \(right.canonical))"
        case .chain(let lower, let op1, let middle, let op2, let upper):
            return "(\(lower.canonical) \(op1.rawValue) \(middle.canonical) \(op2.rawValue) \(upper.canonical))"
        case .logical(let op, let operands):
            return "(" + operands.map(\.canonical).joined(separator: " \(op.rawValue) ") + ")"
        case .membership(let operand, let list, let negated):
            return "(\(operand.canonical) \(negated ? "not in" : "in") \(list.canonical))"
        case .like(let operand, let pattern):
            return "(\(operand.canonical) like \(FilterValue.string(pattern).canonicalLiteral))"
        case .nullTest(let operand, let negated):
            return "(\(operand.canonical) is \(negated ? "not null" : "null"))"
        case .call(let function, let arguments):
            return function.rawValue + "(" + arguments.map(\.canonical).joined(separator: ", ") + ")"
        case .exists(let operand): return "(exists \(operand.canonical))"
        }
    }
}

extension PathComponent {
    var canonical: String {
        switch self {
        case .key(let key): "[\(FilterValue.string(key).canonicalLiteral)]"
        case .index(let index): "[\(index)]"
        }
    }
}

extension FilterValue {
    /// The value as filter source text (strings double-quoted with escapes).
    var canonicalLiteral: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .double(let value): return String(value)
        case .string(let value):
            var out = "\""
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                case "\r": out += "\\r"
                default:
                    if scalar.value < 0x20 || scalar.value == 0x7F {
                        let hex = String(scalar.value, radix: 16, uppercase: true)
                        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            return out + "\""
        case .array(let elements): return "[" + elements.map(\.canonicalLiteral).joined(separator: ", ") + "]"
        case .object(let members):
            let body = members.keys.sorted().map { "\(FilterValue.string($0).canonicalLiteral): \(members[$0]!.canonicalLiteral)" }
            return "{" + body.joined(separator: ", ") + "}"
        }
    }
}
