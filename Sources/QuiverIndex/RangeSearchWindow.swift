// RangeSearchWindow: Milvus's range-search bounds for one metric, shared by every index's
// rangeSearch. For smaller-is-closer metrics (L2, HAMMING, JACCARD) a hit needs
// `rangeFilter <= score < radius`; for larger-is-closer ones (IP, COSINE) `radius < score <= rangeFilter`.
// A nil rangeFilter leaves that side open.
// Invariants: pure value; `isInsideRadius` ignores rangeFilter (indexes use it to decide whether
// the search frontier has passed the radius), `contains` applies both bounds.
// Ownership: a value type; used by the index implementations in QuiverIndex.

import QuiverKernels

package struct RangeSearchWindow: Sendable {
    package let largerIsCloser: Bool
    package let radius: Float
    package let rangeFilter: Float?

    package init(metric: Metric, radius: Float, rangeFilter: Float?) {
        self.largerIsCloser = metric.largerIsCloser
        self.radius = radius
        self.rangeFilter = rangeFilter
    }

    /// True when `score` is strictly closer than the radius.
    @inline(__always)
    func isInsideRadius(_ score: Float) -> Bool {
        largerIsCloser ? score > radius : score < radius
    }

    /// True when `score` satisfies both bounds.
    @inline(__always)
    package func contains(_ score: Float) -> Bool {
        guard isInsideRadius(score) else { return false }
        guard let rangeFilter else { return true }
        return largerIsCloser ? score <= rangeFilter : score >= rangeFilter
    }

    /// Hits sorted best first (ties by smaller row), at most `limit`.
    func bestFirst(_ hits: [IndexHit], limit: Int) -> [IndexHit] {
        guard limit > 0 else { return [] }
        let sorted = hits.sorted { a, b in
            if a.score != b.score { return largerIsCloser ? a.score > b.score : a.score < b.score }
            return a.row < b.row
        }
        return Array(sorted.prefix(limit))
    }
}

extension TopK {
    /// The kept pairs as IndexHits, best first.
    func sortedHits() -> [IndexHit] {
        sortedResults().map { IndexHit(row: $0.label, score: $0.score) }
    }
}
