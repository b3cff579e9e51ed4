// RestrictionScan: exact evaluation, by typed loops over the columns, of a filter that is only
// a conjunction of restrictions on plain fields (`age > 5 and tag in ['a', 'b']`, `id < 100`),
// the commonest filters; the general evaluator reads each row through the FilterRowSource
// protocol, converting every cell. One pass per restriction, intersected.
// Invariants: agrees with the evaluator row for row (Tests/QuiverTests/ScalarIndexTests runs
// every filter shape both ways): null cells and NaN never match; constants convert through
// ScalarKey, and any conversion that is not exact (a widened bound, an unusable equality)
// gives up (nil) so the evaluator decides.

import QuiverFilter
import QuiverKernels
import QuiverStorage

package enum RestrictionScan {
    /// The rows of `snapshot` (deleted ones included) matching `filter`; nil when the filter is
    /// not a pure conjunction of restrictions this scan evaluates exactly.
    package static func matches(_ snapshot: StoreSnapshot, filter: Filter) -> Bitset? {
        guard filter.isConjunctionOfRestrictions, !filter.fieldRestrictions.isEmpty else { return nil }
        var result: Bitset?
        for (field, restriction) in filter.fieldRestrictions {
            guard let test = RowTest(restriction, field: field, schema: snapshot.store.schema) else { return nil }
            let matched = test.scan(snapshot, field: field)
            if result == nil { result = matched } else { result!.formIntersection(matched) }
        }
        return result
    }
}

/// One restriction compiled against a column's kind.
private enum RowTest {
    case integers(Set<Int64>)
    case integerRange(ClosedRange<Int64>)
    case doubles(Set<Double>)
    case doubleRange(lower: Double?, lowerInclusive: Bool, upper: Double?, upperInclusive: Bool)
    case strings(Set<String>)
    case stringRange(lower: String?, lowerInclusive: Bool, upper: String?, upperInclusive: Bool)
    case nothing

    init?(_ restriction: FieldRestriction, field: String, schema: CollectionSchema) {
        guard let fieldSchema = schema.field(named: field), SortedScalarIndex.supports(fieldSchema.dataType) else { return nil }
        let dataType = fieldSchema.dataType
        switch restriction {
        case .oneOf(let values):
            var integers: Set<Int64> = [], doubles: Set<Double> = [], strings: Set<String> = []
            for value in values {
                switch ScalarKey.equal(value, dataType: dataType) {
                case .unusable: return nil
                case .never: continue
                case .key(.integer(let v)): integers.insert(v)
                case .key(.double(let v)): doubles.insert(v == 0 ? 0 : v)   // -0 == 0
                case .key(.string(let v)): strings.insert(v)
                }
            }
            switch ScalarKey.Kind(dataType) {
            case .integer: self = .integers(integers)
            case .double: self = .doubles(doubles)
            case .string: self = .strings(strings)
            }
        case .range(let lower, let lowerInclusive, let upper, let upperInclusive):
            let low = lower.map { ScalarKey.bound($0, dataType: dataType, isLower: true, inclusive: lowerInclusive) } ?? .unbounded
            let high = upper.map { ScalarKey.bound($0, dataType: dataType, isLower: false, inclusive: upperInclusive) } ?? .unbounded
            if case .widened = low { return nil }
            if case .widened = high { return nil }
            if case .empty = low { self = .nothing; return }
            if case .empty = high { self = .nothing; return }
            switch ScalarKey.Kind(dataType) {
            case .integer:
                // Exclusive integer bounds step inwards by one (none can step past the type's ends:
                // `x > Int64.max` matches nothing).
                var from = Int64.min, through = Int64.max
                if let v = low.integer {
                    if low.isInclusive { from = v } else if v == .max { self = .nothing; return } else { from = v + 1 }
                }
                if let v = high.integer {
                    if high.isInclusive { through = v } else if v == .min { self = .nothing; return } else { through = v - 1 }
                }
                self = from <= through ? .integerRange(from...through) : .nothing
            case .double:
                self = .doubleRange(lower: low.double, lowerInclusive: low.isInclusive, upper: high.double, upperInclusive: high.isInclusive)
            case .string:
                self = .stringRange(lower: low.string, lowerInclusive: low.isInclusive, upper: high.string, upperInclusive: high.isInclusive)
            }
        }
    }

    func scan(_ snapshot: StoreSnapshot, field: String) -> Bitset {
        let rowCount = snapshot.rowCount
        var words = [UInt64](repeating: 0, count: (rowCount + 63) / 64)
        if case .nothing = self { return Bitset(words: words, count: rowCount) }
        let store = snapshot.store
        if field == store.schema.primaryKeyField.name {
            store.keys.withPrefix(rowCount) { keys in
                for row in 0..<rowCount {
                    let hit: Bool
                    switch keys[row] {
                    case .int(let v): hit = matches(integer: v)
                    case .string(let v): hit = matches(string: v)
                    }
                    if hit { words[row >> 6] |= 1 << UInt64(row & 63) }
                }
            }
        } else if let column = store.scalars[field] {
            column.withPrefix(rowCount) { cells in
                for row in 0..<rowCount {
                    let hit: Bool
                    switch cells[row] {
                    case .int(let v): hit = matches(integer: v)
                    case .bool(let v): hit = matches(integer: v ? 1 : 0)
                    case .float(let v): hit = matches(double: Double(v))
                    case .double(let v): hit = matches(double: v)
                    case .string(let v): hit = matches(string: v)
                    default: hit = false
                    }
                    if hit { words[row >> 6] |= 1 << UInt64(row & 63) }
                }
            }
        }
        return Bitset(words: words, count: rowCount)
    }

    @inline(__always)
    private func matches(integer v: Int64) -> Bool {
        switch self {
        case .integers(let set): set.contains(v)
        case .integerRange(let range): range.contains(v)
        default: false
        }
    }

    @inline(__always)
    private func matches(double v: Double) -> Bool {
        switch self {
        case .doubles(let set): !v.isNaN && set.contains(v == 0 ? 0 : v)
        case .doubleRange(let lower, let lowerInclusive, let upper, let upperInclusive):
            !v.isNaN && (lower.map { lowerInclusive ? v >= $0 : v > $0 } ?? true)
                && (upper.map { upperInclusive ? v <= $0 : v < $0 } ?? true)
        default: false
        }
    }

    @inline(__always)
    private func matches(string v: String) -> Bool {
        switch self {
        case .strings(let set): set.contains(v)
        case .stringRange(let lower, let lowerInclusive, let upper, let upperInclusive):
            (lower.map { lowerInclusive ? v >= $0 : v > $0 } ?? true) && (upper.map { upperInclusive ? v <= $0 : v < $0 } ?? true)
        default: false
        }
    }
}
