// Evaluator: compiles a CheckedExpression into a tree of small immutable nodes, built once
// per Filter and run per row. Predicate nodes answer in three-valued logic (Truth); value
// nodes produce FilterValues. A predicate used as a value yields .bool or .null; a value used
// as a predicate is true only when it is .bool(true), false for .bool(false), else unknown.
// Invariants: nodes hold only immutable state, so a compiled tree is Sendable and shared by
// concurrent evaluations; node methods never trap; the tree depth is bounded by
// FilterLimits.maxNestingDepth, so per-row recursion is bounded.
// Ownership: built by Filter.parse; owned by Filter.

protocol ValueNode: Sendable {
    func value<Source: FilterRowSource>(in source: Source, row: Int) -> FilterValue
}

protocol PredicateNode: Sendable {
    func truth<Source: FilterRowSource>(in source: Source, row: Int) -> Truth
}

enum EvaluatorCompiler {
    static func predicate(_ expression: CheckedExpression) -> any PredicateNode {
        switch expression {
        case .constant(.bool(let value)):
            return ConstantTruthNode(truth: Truth(value))
        case .constant, .field, .negate, .arithmetic, .arrayLength:
            return ValueTruthNode(operand: value(expression))
        case .comparison(let op, let left, let right):
            return ComparisonNode(op: op, left: value(left), right: value(right))
        case .and(let operands):
            return AndNode(operands: operands.map(predicate))
        case .or(let operands):
            return OrNode(operands: operands.map(predicate))
        case .not(let operand):
            return NotNode(operand: predicate(operand))
        case .membership(let operand, let values, let negated):
            return MembershipNode(operand: value(operand), set: ConstantSet(values), negated: negated)
        case .like(let operand, let pattern):
            return LikeNode(operand: value(operand), pattern: pattern)
        case .nullTest(let operand, let negated):
            return NullTestNode(operand: value(operand), negated: negated)
        case .contains(let container, let mode, let elements):
            return ContainsNode(container: value(container), mode: mode, elements: elements)
        case .exists(let operand):
            return NullTestNode(operand: value(operand), negated: true)
        }
    }

    static func value(_ expression: CheckedExpression) -> any ValueNode {
        switch expression {
        case .constant(let constant):
            return ConstantNode(constant: constant)
        case .field(let name, let path):
            if path.isEmpty { return FieldNode(name: name) }
            return FieldPathNode(name: name, path: path)
        case .negate(let operand):
            return NegateNode(operand: value(operand))
        case .arithmetic(let op, let left, let right):
            return ArithmeticNode(op: op, left: value(left), right: value(right))
        case .arrayLength(let operand):
            return ArrayLengthNode(operand: value(operand))
        case .comparison, .and, .or, .not, .membership, .like, .nullTest, .contains, .exists:
            return TruthValueNode(operand: predicate(expression))
        }
    }
}

// MARK: Value nodes

struct ConstantNode: ValueNode {
    let constant: FilterValue
    func value<Source: FilterRowSource>(in source: Source, row: Int) -> FilterValue { constant }
}

struct FieldNode: ValueNode {
    let name: String
    func value<Source: FilterRowSource>(in source: Source, row: Int) -> FilterValue {
        source.value(of: name, row: row)
    }
}

struct FieldPathNode: ValueNode {
    let name: String
    let path: [PathComponent]
    func value<Source: FilterRowSource>(in source: Source, row: Int) -> FilterValue {
        ValueSemantics.navigate(source.value(of: name, row: row), path)
    }
}

struct NegateNode: ValueNode {
    let operand: any ValueNode
    func value<Source: FilterRowSource>(in source: Source, row: Int) -> FilterValue {
        ValueSemantics.negate(operand.value(in: source, row: row))
    }
}

struct ArithmeticNode: ValueNode {
    let op: ArithmeticOperator
    let left: any ValueNode, right: any ValueNode
    func value<Source: FilterRowSource>(in source: Source, row: Int) -> FilterValue {
        ValueSemantics.arithmetic(op, left.value(in: source, row: row), right.value(in: source, row: row))
    }
}

struct ArrayLengthNode: ValueNode {
    let operand: any ValueNode
    func value<Source: FilterRowSource>(in source: Source, row: Int) -> FilterValue {
        if case .array(let elements) = operand.value(in: source, row: row) { return .int(Int64(elements.count)) }
        return .null
    }
}

struct TruthValueNode: ValueNode {
    let operand: any PredicateNode
    func value<Source: FilterRowSource>(in source: Source, row: Int) -> FilterValue {
        operand.truth(in: source, row: row).asValue
    }
}
