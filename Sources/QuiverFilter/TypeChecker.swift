// TypeChecker: resolves names against the FilterSchema and checks operand kinds, turning the
// syntax tree into a CheckedExpression. Rules (Milvus semantics): numbers compare with numbers
// (int and float mix), strings with strings, booleans only with == and !=; a JSON value
// (JSON path or dynamic key) may meet anything and is checked per row; vector fields are
// rejected; unknown names are dynamic keys when the dynamic field is on, errors otherwise.
// Invariants: errors name the field and its Milvus type and carry the column; recursion is
// bounded by the syntax tree's depth.
// Ownership: a short-lived value used by Filter.parse only.

struct TypeChecker {
    let schema: FilterSchema
    /// Fields the checked expression reads; written only while checking.
    var referencedFields: Set<String> = []

    init(schema: FilterSchema) {
        self.schema = schema
    }

    /// A checked operand: its expression, static kind, and (for fields) how messages name it.
    struct Typed {
        var expression: CheckedExpression
        var kind: ValueKind
        /// "field 'age' is Int64"; nil for anything that is not a plain field or element.
        var subject: String?
        var column: Int

        var description: String { subject ?? "this is \(kind.phrase)" }
    }

    /// The root must be a boolean (or a JSON value, true when it holds `true`).
    mutating func checkFilter(_ root: SyntaxNode) throws(FilterError) -> CheckedExpression {
        let typed = try check(root)
        guard typed.kind.isBooleanLike else {
            throw FilterError("a filter must be a boolean expression, but \(typed.description)", at: root.column)
        }
        return typed.expression
    }

    mutating func check(_ node: SyntaxNode) throws(FilterError) -> Typed {
        let column = node.column
        switch node.kind {
        case .literal(let value):
            return Typed(expression: .constant(value), kind: Self.kind(of: value), column: column)
        case .list(let elements):
            var values: [FilterValue] = []
            values.reserveCapacity(elements.count)
            for element in elements {
                let typed = try check(element)
                guard let value = typed.expression.constantValue else {
                    throw FilterError("list elements must be constant values", at: element.column)
                }
                values.append(value)
            }
            return Typed(expression: .constant(.array(values)), kind: .list, column: column)
        case .field(let name, let path):
            return try resolveField(name: name, path: path, column: column)
        case .unary(.not, let operand):
            let typed = try check(operand)
            guard typed.kind.isBooleanLike else {
                throw FilterError("'not' needs a boolean operand, but \(typed.description); "
                                  + "write 'not (...)' around a comparison", at: column)
            }
            return Typed(expression: .not(typed.expression), kind: .bool, column: column)
        case .unary(let op, let operand):
            let typed = try check(operand)
            guard typed.kind.isNumberLike else {
                throw FilterError("'\(op.rawValue)' needs a number, but \(typed.description)", at: column)
            }
            if op == .plus { return Typed(expression: typed.expression, kind: .number, column: column) }
            return Typed(expression: Self.folded(.negate(typed.expression)), kind: .number, column: column)
        case .arithmetic(let op, let leftNode, let rightNode):
            let left = try check(leftNode), right = try check(rightNode)
            for side in [left, right] where !side.kind.isNumberLike {
                throw FilterError("'\(op.rawValue)' needs numbers, but \(side.description)", at: side.column)
            }
            let expression = Self.folded(.arithmetic(op, left.expression, right.expression))
            return Typed(expression: expression, kind: .number, column: column)
        case .comparison(let op, let leftNode, let rightNode, let operatorColumn):
            let left = try check(leftNode), right = try check(rightNode)
            try checkComparable(op, left, right, operatorColumn: operatorColumn)
            return Typed(expression: .comparison(op, left.expression, right.expression), kind: .bool, column: column)
        case .chain(let lowerNode, let lowerOp, let middleNode, let upperOp, let upperNode):
            let lower = try check(lowerNode), middle = try check(middleNode), upper = try check(upperNode)
            try checkComparable(lowerOp, lower, middle, operatorColumn: middle.column)
            try checkComparable(upperOp, middle, upper, operatorColumn: upper.column)
            let expression = CheckedExpression.and([
                .comparison(lowerOp, lower.expression, middle.expression),
                .comparison(upperOp, middle.expression, upper.expression),
            ])
            return Typed(expression: expression, kind: .bool, column: column)
        case .logical(let op, let operandNodes):
            var operands: [CheckedExpression] = []
            for operandNode in operandNodes {
                let typed = try check(operandNode)
                guard typed.kind.isBooleanLike else {
                    throw FilterError("'\(op.rawValue)' needs boolean operands, but \(typed.description)",
                                      at: typed.column)
                }
                operands.append(typed.expression)
            }
            return Typed(expression: op == .and ? .and(operands) : .or(operands), kind: .bool, column: column)
        case .membership(let operandNode, let listNode, let negated):
            return try checkMembership(operandNode, listNode, negated: negated, column: column)
        case .like(let operandNode, let pattern):
            let typed = try check(operandNode)
            guard typed.kind == .string || typed.kind == .json else {
                throw FilterError("'like' needs a string, but \(typed.description)", at: typed.column)
            }
            return Typed(expression: .like(typed.expression, LikePattern(pattern)), kind: .bool, column: column)
        case .nullTest(let operandNode, let negated):
            let typed = try check(operandNode)
            return Typed(expression: .nullTest(typed.expression, negated: negated), kind: .bool, column: column)
        case .call(let function, let arguments):
            return try checkCall(function, arguments, column: column)
        case .exists(let operandNode):
            let typed = try check(operandNode)
            guard typed.kind == .json, case .field = typed.expression else {
                throw FilterError("'exists' needs a JSON path such as meta[\"key\"], but \(typed.description)",
                                  at: operandNode.column)
            }
            return Typed(expression: .exists(typed.expression), kind: .bool, column: column)
        }
    }

    static func kind(of value: FilterValue) -> ValueKind {
        switch value {
        case .bool: .bool
        case .int, .double: .number
        case .string: .string
        case .array: .list
        case .null, .object: .json
        }
    }

    /// Constant arithmetic computed now, so `-5` and `2 * 3` are constants for lists and keys.
    static func folded(_ expression: CheckedExpression) -> CheckedExpression {
        switch expression {
        case .negate(.constant(let value)):
            return .constant(ValueSemantics.negate(value))
        case .arithmetic(let op, .constant(let left), .constant(let right)):
            return .constant(ValueSemantics.arithmetic(op, left, right))
        default:
            return expression
        }
    }
}
