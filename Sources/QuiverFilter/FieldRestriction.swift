// FieldRestriction: what a filter says about one plain scalar field at its top level, for the
// planner's scalar indexes: `f == c`, `c == f`, `f in [...]`, `f < c` (and <=, >, >=, either
// orientation), and chained ranges (already split into `and` by the type checker). A row the
// restriction excludes can never match the filter, so an index may narrow the rows first; the
// whole filter is still evaluated on the rows it keeps.
// Invariants: only operands of the top-level `and` (or the root itself) are inspected, since a
// restriction under `or` or `not` would not bound the matches; constants are as written (the
// index converts them to the column's kind); fields with a JSON path or array index are skipped.

package enum FieldRestriction: Sendable, Equatable {
    /// The field equals one of these constants.
    case oneOf([FilterValue])
    /// The field is above `lower` (nil: unbounded) and below `upper`.
    case range(lower: FilterValue?, lowerInclusive: Bool, upper: FilterValue?, upperInclusive: Bool)
}

enum FieldRestrictionExtraction {
    /// The restrictions found, and whether they are the whole filter (every top-level operand
    /// is one of them, so the filter is exactly their conjunction).
    static func restrictions(of root: CheckedExpression) -> (found: [(field: String, restriction: FieldRestriction)], isWholeFilter: Bool) {
        let operands: [CheckedExpression]
        if case .and(let conjuncts) = root { operands = conjuncts } else { operands = [root] }
        let found = operands.compactMap(restriction)
        return (found, found.count == operands.count)
    }

    private static func restriction(_ expression: CheckedExpression) -> (field: String, restriction: FieldRestriction)? {
        switch expression {
        case .membership(.field(let name, let path), let values, negated: false) where path.isEmpty:
            return (name, .oneOf(values))
        case .comparison(let op, .field(let name, let path), .constant(let value)) where path.isEmpty && !value.isNull:
            return restriction(name, op, value)
        case .comparison(let op, .constant(let value), .field(let name, let path)) where path.isEmpty && !value.isNull:
            return restriction(name, op.mirrored, value)
        default:
            return nil
        }
    }

    /// `field op value`.
    private static func restriction(_ field: String, _ op: ComparisonOperator, _ value: FilterValue)
        -> (field: String, restriction: FieldRestriction)? {
        switch op {
        case .equal: (field, .oneOf([value]))
        case .notEqual: nil
        case .less: (field, .range(lower: nil, lowerInclusive: false, upper: value, upperInclusive: false))
        case .lessOrEqual: (field, .range(lower: nil, lowerInclusive: false, upper: value, upperInclusive: true))
        case .greater: (field, .range(lower: value, lowerInclusive: false, upper: nil, upperInclusive: false))
        case .greaterOrEqual: (field, .range(lower: value, lowerInclusive: true, upper: nil, upperInclusive: false))
        }
    }
}

extension ComparisonOperator {
    /// The operator with its operands swapped: `c < f` is `f > c`.
    var mirrored: ComparisonOperator {
        switch self {
        case .equal, .notEqual: self
        case .less: .greater
        case .lessOrEqual: .greaterOrEqual
        case .greater: .less
        case .greaterOrEqual: .lessOrEqual
        }
    }
}
