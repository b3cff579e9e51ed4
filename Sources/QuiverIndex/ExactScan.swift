// ExactScan: the one exact-search loop (FLAT, BIN_FLAT, the planner's scan of buffers and
// unindexed segments, the selective scan of a filter's few rows): a RowScorer scores rows, a
// HitCollector keeps what it wants. Generic over both, so float and binary vectors, top-k and
// range search run the same code, specialised per pair.
// Strategy: a dense `allowed` (or none) scores whole blocks of `blockRowCount` rows and skips
// cleared rows; a sparse one (fewer than a quarter of the rows set) scores only the set rows.
// Invariants: rows are offered in ascending order; a row cleared in `allowed` is never offered;
// the scratch buffer is at most one block.
// Ownership: stateless functions.

import QuiverKernels

package enum ExactScan {
    /// Rows scored per block: bounds the scratch buffer a scan allocates.
    package static let blockRowCount = 4096

    /// Offers every row of the scorer (set in `allowed`, when given) to the collector.
    package static func scan<Scorer: RowScorer, Collector: HitCollector>(
        _ scorer: Scorer, allowed: Bitset?, into collector: inout Collector
    ) {
        let count = scorer.rowCount
        if let allowed {
            precondition(allowed.count == count, "allowed has \(allowed.count) bits, the scan \(count) rows")
            if allowed.setCount * 4 < count {
                for row in allowed.setIndices() { collector.offer(score: scorer.scoreRow(row), row: row) }
                return
            }
        }
        let blockRowCount = min(count, Self.blockRowCount)
        guard blockRowCount > 0 else { return }
        let scores = UnsafeMutableBufferPointer<Float>.allocate(capacity: blockRowCount)
        defer { scores.deallocate() }
        var first = 0
        while first < count {
            let rowCount = min(blockRowCount, count - first)
            scorer.scoreRows(startingAt: first, into: UnsafeMutableBufferPointer(rebasing: scores[0..<rowCount]))
            if let allowed {
                for i in 0..<rowCount where allowed[first + i] { collector.offer(score: scores[i], row: first + i) }
            } else {
                for i in 0..<rowCount { collector.offer(score: scores[i], row: first + i) }
            }
            first += rowCount
        }
    }

    /// Offers the listed rows (a selective filter's matches), in the order given.
    package static func scan<Scorer: RowScorer, Collector: HitCollector>(
        _ scorer: Scorer, rows: [Int], into collector: inout Collector
    ) {
        for row in rows { collector.offer(score: scorer.scoreRow(row), row: row) }
    }
}
