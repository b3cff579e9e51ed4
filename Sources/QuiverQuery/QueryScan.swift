// QueryScan: rows by filter rather than by vector: Milvus's query, count(*) and the key list
// behind delete-by-filter. Rows come in store order (segments by id, then buffers) and row
// order within a store, so `offset` pages are stable for one Version.

import QuiverFilter
import QuiverKernels
import QuiverStorage

package struct RowAddress: Sendable {
    package let storeIndex: Int
    package let row: Int
}

package enum QueryScan {
    /// Live rows matching `filter` (every live row when nil), skipping `offset`, at most `limit`.
    package static func rows(_ version: Version, filter: Filter?, partitions: Set<Int64>? = nil, offset: Int,
                             limit: Int?) -> [RowAddress] {
        var skipped = 0
        var found: [RowAddress] = []
        for (storeIndex, snapshot) in version.stores.enumerated() where snapshot.liveRowCount > 0 {
            if let limit, found.count >= limit { break }
            let allowed = RowSelection.allowedRows(snapshot, filter: filter, partitions: partitions,
                                                      indexedFields: version.scalarIndexedFields)
            let matchCount = allowed.setCount
            if skipped + matchCount <= offset {
                skipped += matchCount
                continue
            }
            for row in allowed.setIndices() {
                if skipped < offset {
                    skipped += 1
                    continue
                }
                if let limit, found.count >= limit { break }
                found.append(RowAddress(storeIndex: storeIndex, row: row))
            }
        }
        return found
    }

    package static func count(_ version: Version, filter: Filter?, partitions: Set<Int64>? = nil) -> Int {
        guard filter != nil || partitions != nil else { return version.liveRowCount }
        return version.stores.reduce(0) { total, snapshot in
            snapshot.liveRowCount == 0 ? total
                : total + RowSelection.allowedRows(snapshot, filter: filter, partitions: partitions,
                                                      indexedFields: version.scalarIndexedFields).setCount
        }
    }

    /// Keys of the live rows matching `filter`, for delete-by-filter.
    package static func keys(_ version: Version, filter: Filter, partitions: Set<Int64>? = nil) -> [PrimaryKey] {
        rows(version, filter: filter, partitions: partitions, offset: 0, limit: nil).map { version.stores[$0.storeIndex].store.keys[$0.row] }
    }
}
