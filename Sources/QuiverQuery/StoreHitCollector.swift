// StoreHitCollector: offers the scored rows of one store to one query's top-k heap (the
// planner's exact paths: full scan, BLAS blocks, selective scan). It skips excluded rows
// (deleted, or left out by a filter) and rows outside a range window, and labels each kept row
// with its store (StoreRowLabel).
// Invariants: borrows the heap (a pointer into the caller's array of heaps), so it lives inside
// the caller's `withUnsafeMutableBufferPointer`; `rowOffset` is added to every offered row (a
// scorer over a chunk of the store counts rows from the chunk's start).
// Ownership: a value type, one per query and store.

import QuiverIndex
import QuiverKernels

struct StoreHitCollector: HitCollector {
    let heap: UnsafeMutablePointer<TopK>
    let storeIndex: Int
    /// Rows never offered to the heap (nil or empty: none).
    let excluded: Bitset?
    let range: RangeSearchWindow?
    var rowOffset = 0

    init(heap: UnsafeMutablePointer<TopK>, storeIndex: Int, excluded: Bitset?, range: RangeSearchWindow?) {
        self.heap = heap
        self.storeIndex = storeIndex
        self.excluded = excluded.flatMap { $0.isEmpty ? nil : $0 }
        self.range = range
    }

    @inline(__always)
    mutating func offer(score: Float, row: Int) {
        guard heap.pointee.accepts(score) else { return }
        let row = row + rowOffset
        if let excluded, excluded[row] { return }
        if let range, !range.contains(score) { return }
        heap.pointee.push(score: score, label: StoreRowLabel.packing(storeIndex: storeIndex, row: row))
    }
}
