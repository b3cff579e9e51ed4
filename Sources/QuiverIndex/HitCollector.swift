// HitCollector: where a scan offers its scored rows (faiss's result handlers): a top-k heap or a
// Milvus range window. Scans are generic over the collector, so the offer is specialised and
// inlined: no closure and no dynamic dispatch per row.
// Invariants: a collector sees only rows the scan was allowed to return; it decides alone
// whether to keep them.
// Ownership: value types; each search owns its collector.

import QuiverKernels

/// Receives scored rows from a scan.
package protocol HitCollector {
    mutating func offer(score: Float, row: Int)
}

/// Keeps the k best rows.
package struct TopKCollector: HitCollector {
    package var heap: TopK

    package init(heap: TopK) {
        self.heap = heap
    }

    @inline(__always)
    package mutating func offer(score: Float, row: Int) {
        if heap.accepts(score) { heap.push(score: score, label: row) }
    }
}

/// Keeps the rows inside a Milvus range window (see RangeSearchWindow).
package struct RangeCollector: HitCollector {
    package let window: RangeSearchWindow
    package var hits: [IndexHit] = []

    package init(window: RangeSearchWindow) {
        self.window = window
    }

    @inline(__always)
    package mutating func offer(score: Float, row: Int) {
        if window.contains(score) { hits.append(IndexHit(row: row, score: score)) }
    }
}
