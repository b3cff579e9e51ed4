// CheckedExpression: the filter after name resolution and type checking; what the evaluator
// compiles and the planner inspects (primary-key extraction). Dynamic keys are resolved to
// paths under "$meta"; chains are split into `and`; constant arithmetic is folded.
// Invariants: every field named exists in the schema (or is "$meta"); list operands are
// constants; depth is bounded by the syntax tree's (FilterLimits.maxNestingDepth).
// Ownership: an immutable value built by TypeChecker.

indirect enum CheckedExpression: Sendable {
    case constant(FilterValue)
    /// A column, optionally navigated by a JSON path or an array index.
    case field(name: String, path: [PathComponent])
    case negate(CheckedExpression)
    case arithmetic(ArithmeticOperator, CheckedExpression, CheckedExpression)
    case comparison(ComparisonOperator, CheckedExpression, CheckedExpression)
    case and([CheckedExpression])
    case or([CheckedExpression])
    case not(CheckedExpression)
    case membership(CheckedExpression, [FilterValue], negated: Bool)
    case like(CheckedExpression, LikePattern)
    case nullTest(CheckedExpression, negated: Bool)
    case contains(CheckedExpression, ContainsMode, [FilterValue])
    case arrayLength(CheckedExpression)
    case exists(CheckedExpression)

    var constantValue: FilterValue? {
        if case .constant(let value) = self { return value }
        return nil
    }
}

/// json_contains / array_contains (one element), *_all, *_any.
enum ContainsMode: Sendable {
    case element, all, any
}

/// The static kinds the type checker reasons about; int and float share `.number`.
indirect enum ValueKind: Sendable, Equatable {
    case bool, number, string
    /// A JSON value (JSON field, JSON path, dynamic key): its kind is known per row only.
    case json
    /// An array field; the element kind.
    case array(ValueKind)
    /// A constant list literal.
    case list

    var phrase: String {
        switch self {
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .json: "a JSON value"
        case .array: "an array"
        case .list: "a list"
        }
    }

    /// Fits where a boolean is needed (a JSON value may hold one).
    var isBooleanLike: Bool { self == .bool || self == .json }
    var isNumberLike: Bool { self == .number || self == .json }
}
