// The sorted scalar indexes of one store, built on the first read that can use one and kept as
// long as the store lives (the store is immutable once committed, so they never go stale).
// Invariants: asked only for committed segments, whose row count is final; built under the
// store's lock so concurrent first readers sort once; a field that cannot be ordered yields nil.

extension ColumnStore {
    /// The sorted index of scalar `field` over this store's rows, building it if needed.
    package func sortedIndex(of field: String) -> SortedScalarIndex? {
        guard let column = scalars[field], let dataType = schema.field(named: field)?.dataType,
              SortedScalarIndex.supports(dataType) else { return nil }
        return sortedIndexes.withLock { built in
            if let index = built[field] { return index }
            guard let index = SortedScalarIndex(column: column, rowCount: rowCount, dataType: dataType) else { return nil }
            built[field] = index
            return index
        }
    }

    /// Fields whose sorted index is built (tests, stats).
    package var builtSortedIndexFields: Set<String> { sortedIndexes.withLock { Set($0.keys) } }
}
