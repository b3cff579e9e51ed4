// AST: the syntax tree the parser builds, before names are resolved or types checked.
// Invariants: `depth` is 1 + the largest child depth and never exceeds
// FilterLimits.maxNestingDepth (the parser throws first), so every recursive walk over the
// tree is bounded; `and`/`or` chains are flat n-ary nodes; templates are already replaced by
// literals; `column` is where the node's text starts.
// Ownership: value types, built by Parser, read by TypeChecker and the canonical printer.

struct SyntaxNode: Sendable {
    let kind: SyntaxKind
    let column: Int
    let depth: Int

    init(_ kind: SyntaxKind, column: Int) {
        self.kind = kind
        self.column = column
        self.depth = 1 + (kind.children.map(\.depth).max() ?? 0)
    }
}

indirect enum SyntaxKind: Sendable {
    /// A bool, int, double or string literal (from the text or a template).
    case literal(FilterValue)
    /// `[a, b, ...]`.
    case list([SyntaxNode])
    /// A name (schema field, dynamic key or `$meta`) with its `["key"]`/`[0]` subscripts.
    case field(name: String, path: [PathComponent])
    case unary(UnaryOperator, SyntaxNode)
    case arithmetic(ArithmeticOperator, SyntaxNode, SyntaxNode)
    case comparison(ComparisonOperator, SyntaxNode, SyntaxNode, operatorColumn: Int)
    /// `lower op1 middle op2 upper`, both operators pointing the same way.
    case chain(SyntaxNode, ComparisonOperator, SyntaxNode, ComparisonOperator, SyntaxNode)
    case logical(LogicalOperator, [SyntaxNode])
    /// `x in list` / `x not in list`; the list is a `.list` node.
    case membership(SyntaxNode, SyntaxNode, negated: Bool)
    case like(SyntaxNode, pattern: String)
    case nullTest(SyntaxNode, negated: Bool)
    case call(FilterFunction, arguments: [SyntaxNode])
    case exists(SyntaxNode)

    var children: [SyntaxNode] {
        switch self {
        case .literal, .field: []
        case .list(let elements): elements
        case .unary(_, let operand), .like(let operand, _), .nullTest(let operand, _), .exists(let operand):
            [operand]
        case .arithmetic(_, let left, let right), .comparison(_, let left, let right, _),
             .membership(let left, let right, _):
            [left, right]
        case .chain(let lower, _, let middle, _, let upper): [lower, middle, upper]
        case .logical(_, let operands): operands
        case .call(_, let arguments): arguments
        }
    }
}

/// The functions of the language; names match case-insensitively. Milvus treats the
/// json_contains* and array_contains* families as one: both accept JSON and array fields.
enum FilterFunction: String, Sendable {
    case jsonContains = "json_contains", jsonContainsAll = "json_contains_all", jsonContainsAny = "json_contains_any"
    case arrayContains = "array_contains", arrayContainsAll = "array_contains_all"
    case arrayContainsAny = "array_contains_any", arrayLength = "array_length"

    var argumentCount: Int { self == .arrayLength ? 1 : 2 }
}

enum PathComponent: Sendable, Hashable {
    case key(String)
    case index(Int)
}

enum UnaryOperator: String, Sendable {
    case negate = "-", plus = "+", not = "not"
}

enum ArithmeticOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%", power = "**"
}

enum ComparisonOperator: String, Sendable {
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="

    var isOrdering: Bool { self != .equal && self != .notEqual }
    var pointsUp: Bool { self == .less || self == .lessOrEqual }
}

enum LogicalOperator: String, Sendable {
    case and, or
}
