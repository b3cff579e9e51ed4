// StoreHitCollector: offers the scored rows of one store to one query's top-k heap (the
// planner's exact paths: full scan, BLAS blocks, selective scan). It skips excluded rows
// (deleted, or left out by a filter) and rows outside a range window, and labels each kept row
// with its store (StoreRowLabel).
// Invariants: borrows the heap (a pointer into the caller's array of heaps) and the excluded
// rows' bitset words, so it lives inside the caller's `withUnsafe...` scopes (a borrowed pointer
// costs no retain and release per offered row, which a Bitset property did); `rowOffset` is
// added to every offered row (a scorer over a chunk of the store counts rows from the chunk's
// start).
// Ownership: a value type, one per query and store.

import QuiverIndex
import QuiverKernels

struct StoreHitCollector: HitCollector {
    let heap: UnsafeMutablePointer<TopK>
    let storeIndex: Int
    /// Words of the bitset of rows never offered to the heap (nil: none).
    let excludedWords: UnsafePointer<UInt64>?
    let range: RangeSearchWindow?
    var rowOffset = 0

    init(heap: UnsafeMutablePointer<TopK>, storeIndex: Int, excludedWords: UnsafePointer<UInt64>?, range: RangeSearchWindow?) {
        self.heap = heap
        self.storeIndex = storeIndex
        self.excludedWords = excludedWords
        self.range = range
    }

    /// Runs `body` with the words of `excluded` borrowed (nil when no row is excluded).
    static func withExcludedWords<R>(_ excluded: Bitset?, _ body: (UnsafePointer<UInt64>?) -> R) -> R {
        guard let excluded, !excluded.isEmpty else { return body(nil) }
        return excluded.words.withUnsafeBufferPointer { body($0.baseAddress) }
    }

    @inline(__always)
    mutating func offer(score: Float, row: Int) {
        guard heap.pointee.accepts(score) else { return }
        let row = row + rowOffset
        if let excludedWords, excludedWords[row &>> 6] & (1 &<< UInt64(row & 63)) != 0 { return }
        if let range, !range.contains(score) { return }
        heap.pointee.push(score: score, label: StoreRowLabel.packing(storeIndex: storeIndex, row: row))
    }
}

extension StoreHitCollector {
    /// Scores one store for each query: `scorer` makes the query's RowScorer over the store's
    /// rows (or a chunk of them, starting at `rowOffset`), and the rows (all of them, or only
    /// `rows`) go to that query's heap. The one loop of the planner's exact paths.
    static func scanEachQuery<Element, Scorer: RowScorer>(
        _ queries: [[Element]], heaps: UnsafeMutableBufferPointer<TopK>, storeIndex: Int,
        excludedWords: UnsafePointer<UInt64>?, range: RangeSearchWindow?, rowOffset: Int = 0, rows: [Int]? = nil,
        scorer: (UnsafeBufferPointer<Element>) -> Scorer
    ) {
        for (query, vector) in queries.enumerated() {
            vector.withUnsafeBufferPointer { q in
                var collector = StoreHitCollector(heap: heaps.baseAddress! + query, storeIndex: storeIndex,
                                                  excludedWords: excludedWords, range: range)
                collector.rowOffset = rowOffset
                if let rows {
                    ExactScan.scan(scorer(q), rows: rows, into: &collector)
                } else {
                    ExactScan.scan(scorer(q), allowed: nil, into: &collector)
                }
            }
        }
    }
}
