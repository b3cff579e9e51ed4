// SortedScalarIndex: a scalar column of one immutable store, sorted: the values that are not
// null in ascending order with the row each came from. Equality, `in` and range lookups are
// binary searches, so a selective filter on an indexed field reads only the rows it names
// instead of evaluating every row. Serves both Milvus index types offered for scalars,
// STL_SORT and INVERTED (an inverted list per value is the same sorted run here).
// Invariants: built from exactly `rowCount` rows of a store that no longer changes (a committed
// segment); nulls are left out (a comparison with null is never true); ties keep row order, so
// the rows of one value are ascending; keys are Int64 for integer and bool columns, Double for
// float and double ones, String for VARCHAR (Swift's String ordering, which equality and the
// evaluator's string comparisons share).
// Ownership: immutable after init; shared by every Version holding the store.

package final class SortedScalarIndex: Sendable {
    package enum Keys: Sendable {
        case integers([Int64])
        case doubles([Double])
        case strings([String])
    }

    package let keys: Keys
    /// rows[i] is the row whose value is keys[i].
    package let rows: [UInt32]

    /// Nil for a column of a kind it cannot order (JSON, arrays, vectors).
    package init?(column: AppendOnlyArray<FieldValue>, rowCount: Int, dataType: DataType) {
        precondition(rowCount <= Int(UInt32.max), "store too large for 32-bit rows")
        var order: [UInt32] = []
        switch dataType {
        case .bool, .int8, .int16, .int32, .int64:
            var pairs: [(Int64, UInt32)] = []
            for row in 0..<rowCount {
                switch column[row] {
                case .int(let value): pairs.append((value, UInt32(row)))
                case .bool(let value): pairs.append((value ? 1 : 0, UInt32(row)))
                default: continue
                }
            }
            let sorted = Self.sortedByKey(pairs)
            order = sorted.rows
            keys = .integers(sorted.keys)
        case .float, .double:
            var pairs: [(Double, UInt32)] = []
            for row in 0..<rowCount {
                switch column[row] {
                case .float(let value) where !value.isNaN: pairs.append((Double(value), UInt32(row)))
                case .double(let value) where !value.isNaN: pairs.append((value, UInt32(row)))
                default: continue
                }
            }
            let sorted = Self.sortedByKey(pairs)
            order = sorted.rows
            keys = .doubles(sorted.keys)
        case .varChar:
            var pairs: [(String, UInt32)] = []
            for row in 0..<rowCount {
                if case .string(let value) = column[row] { pairs.append((value, UInt32(row))) }
            }
            let sorted = Self.sortedByKey(pairs)
            order = sorted.rows
            keys = .strings(sorted.keys)
        case .json, .array, .floatVector, .binaryVector:
            return nil
        }
        rows = order
    }

    /// (value, row) pairs in ascending value order, ties by row.
    private static func sortedByKey<Key: Comparable>(_ pairs: [(Key, UInt32)]) -> (keys: [Key], rows: [UInt32]) {
        let sorted = pairs.sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        return (sorted.map(\.0), sorted.map(\.1))
    }

    /// The data types whose columns this index can order.
    package static func supports(_ dataType: DataType) -> Bool {
        switch dataType {
        case .bool, .int8, .int16, .int32, .int64, .float, .double, .varChar: true
        case .json, .array, .floatVector, .binaryVector: false
        }
    }

    /// Positions [lower, upper) of `sorted` whose keys lie within the bounds.
    package static func span<Key: Comparable>(_ sorted: [Key], lower: Key?, lowerInclusive: Bool,
                                              upper: Key?, upperInclusive: Bool) -> Range<Int> {
        let start = lower.map { bound in
            partition(sorted) { lowerInclusive ? $0 < bound : $0 <= bound }
        } ?? 0
        let end = upper.map { bound in
            partition(sorted) { upperInclusive ? $0 <= bound : $0 < bound }
        } ?? sorted.count
        return start < end ? start..<end : start..<start
    }

    /// The first position whose key is not `isBefore` (keys ascending, so `isBefore` holds on a prefix).
    private static func partition<Key>(_ sorted: [Key], _ isBefore: (Key) -> Bool) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if isBefore(sorted[middle]) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
