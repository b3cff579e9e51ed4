// BruteForceOracle: the reference answer for exact search. Scores every base vector against every
// query with the single-pair kernels of QuiverKernels and keeps the k best (faiss' IndexFlat,
// hnswlib's brute-force index): what an exact search must return, and what an approximate one is
// measured against.
// Invariants: results are ordered best first in the metric's direction (`largerIsCloser`); equal
// scores are ordered by the smaller id, so the answer is deterministic; scores are the metric's raw
// values (squared L2, inner product, cosine similarity, Hamming bits, Jaccard distance), the same
// values a Quiver search reports.
// Ownership: stateless; safe from any thread. Intended for tests and benchmarks, O(queries * base).

import QuiverKernels

/// One entry of an oracle ranking: a base vector's id and its score for the query.
public struct OracleHit<ID: Hashable & Comparable & Sendable>: Sendable, Hashable {
    public let id: ID
    public let distance: Float

    public init(id: ID, distance: Float) {
        self.id = id
        self.distance = distance
    }
}

public enum BruteForceOracle {
    /// The score of one float pair under `metric` (a float metric: L2, IP or COSINE).
    public static func score(_ a: [Float], _ b: [Float], metric: Metric) -> Float {
        switch metric {
        case .l2: Distance.l2Squared(a, b)
        case .innerProduct: Distance.innerProduct(a, b)
        case .cosine: Distance.cosineSimilarity(a, b)
        case .hamming, .jaccard: preconditionFailure("metric \(metric.rawValue) is for binary vectors")
        }
    }

    /// The score of one packed binary pair under `metric` (HAMMING or JACCARD).
    public static func score(binary a: [UInt8], _ b: [UInt8], metric: Metric) -> Float {
        switch metric {
        case .hamming: Distance.hamming(a, b)
        case .jaccard: Distance.jaccardDistance(a, b)
        case .l2, .innerProduct, .cosine: preconditionFailure("metric \(metric.rawValue) is for float vectors")
        }
    }

    /// The k best of `base` (labelled by `ids`, one per row) for each query, best first.
    public static func search<ID>(_ queries: [[Float]], in base: [[Float]], ids: [ID], k: Int,
                                  metric: Metric) -> [[OracleHit<ID>]] {
        precondition(base.count == ids.count, "\(ids.count) ids for \(base.count) base vectors")
        return queries.map { query in
            rank(base.indices.map { OracleHit(id: ids[$0], distance: score(query, base[$0], metric: metric)) },
                 k: k, metric: metric)
        }
    }

    /// The same for packed binary vectors (HAMMING or JACCARD).
    public static func search<ID>(binary queries: [[UInt8]], in base: [[UInt8]], ids: [ID], k: Int,
                                  metric: Metric) -> [[OracleHit<ID>]] {
        precondition(base.count == ids.count, "\(ids.count) ids for \(base.count) base vectors")
        return queries.map { query in
            rank(base.indices.map { OracleHit(id: ids[$0], distance: score(binary: query, base[$0], metric: metric)) },
                 k: k, metric: metric)
        }
    }

    /// Sorts best first (ties by smaller id) and keeps the first k.
    public static func rank<ID>(_ hits: [OracleHit<ID>], k: Int, metric: Metric) -> [OracleHit<ID>] {
        precondition(k > 0, "k must be > 0, got \(k)")
        let sorted = hits.sorted { a, b in
            if a.distance != b.distance {
                return metric.largerIsCloser ? a.distance > b.distance : a.distance < b.distance
            }
            return a.id < b.id
        }
        return Array(sorted.prefix(k))
    }
}
