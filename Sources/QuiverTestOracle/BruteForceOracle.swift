// BruteForceOracle: the reference answer for exact search. Scores every base vector against every
// query with the single-pair kernels of QuiverKernels and keeps the k best (faiss' IndexFlat,
// hnswlib's brute-force index): what an exact search must return, and what an approximate one is
// measured against.
// Invariants: results are ordered best first in the metric's direction (`largerIsCloser`); equal
// scores are ordered by the smaller id, so the answer is deterministic; scores are the metric's raw
// values (squared L2, inner product, cosine similarity, Hamming bits, Jaccard distance), the same
// values a Quiver search reports.
// Two precisions, one ranking rule: `search` scores with Quiver's own Float kernels (the values a
// search reports, for tests that compare scores); `topRows` scores in Double over row-major
// arrays (the honest exact neighbours recall is measured against: an index's Float rounding can
// then only disagree on true near-ties).
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

    // MARK: Row-major, Double precision

    /// The metric's raw score of every base row for one query (row-major `base`), in Double.
    public static func exactScores(query: ArraySlice<Float>, base: [Float], dimension: Int, metric: Metric) -> [Double] {
        precondition(query.count == dimension && base.count % dimension == 0, "shape mismatch")
        let q = query.map(Double.init)
        let queryNorm = q.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return (0..<base.count / dimension).map { row in
            var dot = 0.0, l2 = 0.0, norm = 0.0
            for j in 0..<dimension {
                let x = Double(base[row * dimension + j])
                dot += q[j] * x
                l2 += (q[j] - x) * (q[j] - x)
                norm += x * x
            }
            switch metric {
            case .l2: return l2
            case .innerProduct: return dot
            case .cosine:
                let denominator = queryNorm * norm.squareRoot()
                return denominator > 0 ? dot / denominator : 0
            case .hamming, .jaccard: preconditionFailure("metric \(metric.rawValue) is for binary vectors")
            }
        }
    }

    /// HAMMING bit counts or JACCARD distances of every base row (row-major) for one query.
    public static func binaryScores(query: [UInt8], base: [UInt8], bytesPerRow: Int, metric: Metric) -> [Float] {
        precondition(query.count == bytesPerRow && base.count % bytesPerRow == 0, "shape mismatch")
        return (0..<base.count / bytesPerRow).map { row in
            score(binary: query, Array(base[(row * bytesPerRow)..<((row + 1) * bytesPerRow)]), metric: metric)
        }
    }

    /// Exact top-k rows per query (queries and base row-major), best first, ties by the smaller
    /// row; only rows set in `allowed` when given.
    package static func topRows(queries: [Float], base: [Float], dimension: Int, metric: Metric, k: Int,
                               allowed: Bitset? = nil) -> [[Int]] {
        (0..<queries.count / dimension).map { queryIndex in
            let query = queries[(queryIndex * dimension)..<((queryIndex + 1) * dimension)]
            return topRows(exactScores(query: query, base: base, dimension: dimension, metric: metric),
                           largerIsCloser: metric.largerIsCloser, k: k, allowed: allowed)
        }
    }

    /// The same for packed binary vectors (HAMMING or JACCARD).
    package static func topRows(binaryQueries queries: [UInt8], base: [UInt8], bytesPerRow: Int, metric: Metric, k: Int,
                               allowed: Bitset? = nil) -> [[Int]] {
        (0..<queries.count / bytesPerRow).map { queryIndex in
            let query = Array(queries[(queryIndex * bytesPerRow)..<((queryIndex + 1) * bytesPerRow)])
            return topRows(binaryScores(query: query, base: base, bytesPerRow: bytesPerRow, metric: metric).map(Double.init),
                           largerIsCloser: false, k: k, allowed: allowed)
        }
    }

    private static func topRows(_ scores: [Double], largerIsCloser: Bool, k: Int, allowed: Bitset?) -> [Int] {
        var rows = Array(scores.indices)
        if let allowed { rows = rows.filter { allowed[$0] } }
        rows.sort { a, b in
            if scores[a] != scores[b] { return largerIsCloser ? scores[a] > scores[b] : scores[a] < scores[b] }
            return a < b
        }
        return Array(rows.prefix(k))
    }
}
