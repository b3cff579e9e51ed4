// ScalarKey: a filter constant converted to the key kind of a SortedScalarIndex, following the
// evaluator's rules (ValueSemantics): numbers compare by value across int and double, strings
// with strings, bools only with bools (as 0/1 keys of a Bool column); any other pairing is never
// true. Integer columns turn a fractional bound into the nearest whole one on the inside
// (`x > 1.5` is `x >= 2`); double columns take integers exactly up to 2^53 and widen beyond.
// Invariants: every conversion keeps all rows the evaluator could accept (see ScalarIndexPlan).

import QuiverFilter
import QuiverStorage

enum ScalarKey {
    case integer(Int64)
    case double(Double)
    case string(String)

    enum Equality {
        case key(ScalarKey)
        /// No row of the column can equal the value.
        case never
        /// The value cannot be converted exactly: do not use the index.
        case unusable
    }

    enum Bound {
        case unbounded
        /// Unbounded because the constant has no exact key (an integer beyond 2^53 against a
        /// double column): fine for narrowing, not for exact evaluation.
        case widened
        /// No row of the column can satisfy the bound.
        case empty
        case at(ScalarKey, inclusive: Bool)
    }

    /// The key kind a column of `dataType` sorts by (SortedScalarIndex.Keys): Int64 for bool and
    /// integer columns, Double for float and double ones, String for VARCHAR.
    enum Kind {
        case integer, double, string

        init(_ dataType: DataType) {
            switch dataType {
            case .float, .double: self = .double
            case .varChar: self = .string
            default: self = .integer
            }
        }
    }

    /// Largest magnitude below which every Int64 is exactly a Double.
    static let exactDoubleLimit: Int64 = 1 << 53

    static func equal(_ value: FilterValue, dataType: DataType) -> Equality {
        switch (Kind(dataType), value) {
        case (.integer, .bool(let flag)):
            return dataType == .bool ? .key(.integer(flag ? 1 : 0)) : .never
        case (.integer, .int(let v)):
            return dataType == .bool ? .never : .key(.integer(v))
        case (.integer, .double(let d)):
            guard dataType != .bool, d.isFinite, d == d.rounded(), abs(d) < 0x1p63 else { return .never }
            return .key(.integer(Int64(d)))
        case (.double, .int(let v)):
            return v.magnitude <= exactDoubleLimit.magnitude ? .key(.double(Double(v))) : .unusable
        case (.double, .double(let d)):
            return d.isNaN ? .never : .key(.double(d))
        case (.string, .string(let text)):
            return .key(.string(text))
        default:
            return .never
        }
    }

    static func bound(_ value: FilterValue, dataType: DataType, isLower: Bool, inclusive: Bool) -> Bound {
        switch (Kind(dataType), value) {
        case (.integer, .int(let v)) where dataType != .bool:
            return .at(.integer(v), inclusive: inclusive)
        case (.integer, .double(let d)) where dataType != .bool:
            if d.isNaN { return .empty }
            // The whole number on the inside of the bound, inclusive.
            let whole = isLower ? (inclusive ? d.rounded(.up) : d.rounded(.down) + 1)
                                : (inclusive ? d.rounded(.down) : d.rounded(.up) - 1)
            if whole >= 0x1p63 { return isLower ? .empty : .unbounded }
            if whole < -0x1p63 { return isLower ? .unbounded : .empty }
            return .at(.integer(Int64(whole)), inclusive: true)
        case (.double, .int(let v)):
            return v.magnitude <= exactDoubleLimit.magnitude ? .at(.double(Double(v)), inclusive: inclusive) : .widened
        case (.double, .double(let d)):
            return d.isNaN ? .empty : .at(.double(d), inclusive: inclusive)
        case (.string, .string(let text)):
            return .at(.string(text), inclusive: inclusive)
        default:
            return .empty
        }
    }

    /// Positions of `keys` between the bounds.
    static func span(in keys: SortedScalarIndex.Keys, lower: Bound, upper: Bound) -> Range<Int> {
        switch keys {
        case .integers(let sorted):
            return SortedScalarIndex.span(sorted, lower: lower.integer, lowerInclusive: lower.isInclusive,
                                          upper: upper.integer, upperInclusive: upper.isInclusive)
        case .doubles(let sorted):
            return SortedScalarIndex.span(sorted, lower: lower.double, lowerInclusive: lower.isInclusive,
                                          upper: upper.double, upperInclusive: upper.isInclusive)
        case .strings(let sorted):
            return SortedScalarIndex.span(sorted, lower: lower.string, lowerInclusive: lower.isInclusive,
                                          upper: upper.string, upperInclusive: upper.isInclusive)
        }
    }
}

extension ScalarKey.Bound {
    var isInclusive: Bool {
        if case .at(_, let inclusive) = self { return inclusive }
        return false
    }
    var integer: Int64? { if case .at(.integer(let v), _) = self { v } else { nil } }
    var double: Double? { if case .at(.double(let v), _) = self { v } else { nil } }
    var string: String? { if case .at(.string(let v), _) = self { v } else { nil } }
}
