// Key lookup of one store: primary key to the rows that hold it, built on the first `get` that
// reads the store and extended as a buffer grows, so a read finds a key's row from its Version
// alone, without asking the writer for its primary-key index.
// Invariants: covers rows 0..<coveredRows of the store; `latestRow[key]` is the highest covered
// row holding `key` and `previousRow[r]` the next lower row holding the same key (-1: none), so
// walking the chain visits every covered row of a key, newest first. Rows are append-only and a
// row's key never changes, so an entry never goes stale. Extended only up to a row count some
// published Version covers, whose rows are fully written (AppendOnlyArray's rule).
// Concurrency: guarded by the store's lock; the first readers of a store wait for one build.

import QuiverKernels
import Synchronization

struct StoreKeyLookup {
    var latestRow: [PrimaryKey: Int32] = [:]
    var previousRow: [Int32] = []
    var coveredRows: Int { previousRow.count }

    mutating func extend(to rowCount: Int, keys: AppendOnlyArray<PrimaryKey>) {
        guard rowCount > coveredRows else { return }
        previousRow.reserveCapacity(rowCount)
        for row in coveredRows..<rowCount {
            previousRow.append(latestRow.updateValue(Int32(row), forKey: keys[row]) ?? -1)
        }
    }
}

extension ColumnStore {
    /// The visible row holding `key` among rows 0..<rowCount not marked in `deleted`, if any.
    /// A Version's visible keys are unique, so at most one row qualifies.
    package func row(of key: PrimaryKey, rowCount: Int, deleted: Bitset) -> Int? {
        keyLookup.withLock { lookup in
            lookup.extend(to: rowCount, keys: keys)
            var candidate = lookup.latestRow[key] ?? -1
            while candidate >= 0 {
                let row = Int(candidate)
                if row < rowCount && !deleted[row] { return row }
                candidate = lookup.previousRow[row]
            }
            return nil
        }
    }
}
