// IndexedSearch: one segment searched through its ANN index. Deleted rows are excluded inside
// the index (the allow-bitset is NOT deleted, AND the filter's matches), so k live matching rows
// come back when k exist.

import QuiverIndex
import QuiverKernels
import QuiverStorage

enum IndexedSearch {
    static func search(_ index: SegmentIndex, snapshot: StoreSnapshot, storeIndex: Int, queries: QueryVectors, k: Int,
                       parameters: IndexSearchParameters, allowed: Bitset?, range: RangeSearchWindow?,
                       heaps: inout [TopK]) {
        switch (index, queries) {
        case (.float(let index), .float(let vectors)):
            search(index, vectors, storeIndex: storeIndex, k: k, parameters: parameters, allowed: allowed, range: range, heaps: &heaps)
        case (.binary(let index), .binary(let vectors)):
            search(index, vectors, storeIndex: storeIndex, k: k, parameters: parameters, allowed: allowed, range: range, heaps: &heaps)
        default:
            preconditionFailure("index kind does not match the query vectors")
        }
    }

    /// Float and binary alike: each query's hits (top-k, or the range window's) go to its heap,
    /// labelled with the store.
    private static func search<Element>(_ index: any VectorIndex<Element>, _ vectors: [[Element]], storeIndex: Int, k: Int,
                                        parameters: IndexSearchParameters, allowed: Bitset?, range: RangeSearchWindow?,
                                        heaps: inout [TopK]) {
        for (query, vector) in vectors.enumerated() {
            let hits = vector.withUnsafeBufferPointer { q in
                if let range {
                    return index.rangeSearch(q, radius: range.radius, rangeFilter: range.rangeFilter, limit: k,
                                             parameters: parameters, allowed: allowed)
                }
                return index.search(q, k: k, parameters: parameters, allowed: allowed)
            }
            for hit in hits { heaps[query].push(score: hit.score, label: StoreRowLabel.packing(storeIndex: storeIndex, row: hit.row)) }
        }
    }

    /// nil when nothing is deleted (every row allowed), else the complement of the deletions.
    static func allowedRows(_ snapshot: StoreSnapshot) -> Bitset? {
        snapshot.deleted.isEmpty ? nil : RowSelection.allowedRows(snapshot, filter: nil)
    }
}
