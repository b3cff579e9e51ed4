// IndexTestData: shared fixtures for every index test: seeded clustered float vectors, random
// binary vectors, brute-force oracles (exact top-k, optionally restricted to allowed rows) and
// the recall measure that the recall floors are asserted with.
// Invariants: the same arguments give the same data on every run (SeededRandom); float oracles
// score in Double precision, so an index's Float rounding can only disagree on true near-ties;
// oracle results are best first with ties broken by the smaller row (VectorIndex's order).
// Ownership: test-only helpers used by the Flat, HNSW and IVF tests; keep this API stable.

import QuiverKernels
import QuiverIndex

enum IndexTestData {
    /// `count` row-major vectors of `dimension` floats: a uniformly chosen center (N(0, 1) per
    /// dimension, the centers depend only on `seed`, `clusters` and `dimension`) plus
    /// N(0, spread^2) noise. Base and queries should come from one call, split with `split`.
    static func clustered(count: Int, dimension: Int, clusters: Int, seed: UInt64, spread: Float = 0.5) -> [Float] {
        precondition(count >= 0 && dimension > 0 && clusters > 0, "count \(count), dimension \(dimension), clusters \(clusters)")
        var centerRandom = SeededRandom(seed: seed)
        let centers = (0..<clusters * dimension).map { _ in centerRandom.nextGaussian() }
        var random = SeededRandom(seed: seed ^ 0x5EED_0F_C1A5_7E25)
        var vectors = [Float](repeating: 0, count: count * dimension)
        for row in 0..<count {
            let center = Int(random.next() % UInt64(clusters))
            for j in 0..<dimension {
                vectors[row * dimension + j] = centers[center * dimension + j] + spread * random.nextGaussian()
            }
        }
        return vectors
    }

    /// Splits row-major `vectors` into the first `firstCount` rows and the rest.
    static func split(_ vectors: [Float], dimension: Int, firstCount: Int) -> (first: [Float], rest: [Float]) {
        (Array(vectors[..<(firstCount * dimension)]), Array(vectors[(firstCount * dimension)...]))
    }

    /// `count` rows of `bytesPerRow` uniformly random bytes.
    static func randomBinary(count: Int, bytesPerRow: Int, seed: UInt64) -> [UInt8] {
        var random = SeededRandom(seed: seed)
        return (0..<count * bytesPerRow).map { _ in UInt8(truncatingIfNeeded: random.next() >> 32) }
    }

    /// The metric's raw score of every base row for one query (row-major base), in Double.
    static func exactScores(query: ArraySlice<Float>, base: [Float], dimension: Int, metric: Metric) -> [Double] {
        precondition(query.count == dimension && base.count % dimension == 0, "shape mismatch")
        let q = Array(query).map(Double.init)
        let qNorm = q.reduce(0) { $0 + $1 * $1 }.squareRoot()
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
                let denominator = qNorm * norm.squareRoot()
                return denominator > 0 ? dot / denominator : 0
            case .hamming, .jaccard: preconditionFailure("float oracle with binary metric \(metric)")
            }
        }
    }

    /// Exact top-k rows per query (queries row-major), best first, ties by smaller row; only rows
    /// set in `allowed` when given.
    static func bruteForce(queries: [Float], base: [Float], dimension: Int, metric: Metric, k: Int,
                           allowed: Bitset? = nil) -> [[Int]] {
        (0..<queries.count / dimension).map { queryIndex in
            let query = queries[(queryIndex * dimension)..<((queryIndex + 1) * dimension)]
            let scores = exactScores(query: query, base: base, dimension: dimension, metric: metric)
            return topRows(scores, largerIsCloser: metric.largerIsCloser, k: k, allowed: allowed)
        }
    }

    /// Exact top-k for packed binary vectors (HAMMING or JACCARD), same ordering rules.
    static func bruteForceBinary(queries: [UInt8], base: [UInt8], bytesPerRow: Int, metric: Metric, k: Int,
                                 allowed: Bitset? = nil) -> [[Int]] {
        (0..<queries.count / bytesPerRow).map { queryIndex in
            let scores = binaryScores(query: Array(queries[(queryIndex * bytesPerRow)..<((queryIndex + 1) * bytesPerRow)]),
                                      base: base, bytesPerRow: bytesPerRow, metric: metric)
            return topRows(scores.map(Double.init), largerIsCloser: false, k: k, allowed: allowed)
        }
    }

    /// HAMMING bit counts or JACCARD distances of every base row for one query.
    static func binaryScores(query: [UInt8], base: [UInt8], bytesPerRow: Int, metric: Metric) -> [Float] {
        (0..<base.count / bytesPerRow).map { row in
            let rowBytes = Array(base[(row * bytesPerRow)..<((row + 1) * bytesPerRow)])
            switch metric {
            case .hamming: return Distance.hamming(query, rowBytes)
            case .jaccard: return Distance.jaccardDistance(query, rowBytes)
            default: preconditionFailure("binary oracle with float metric \(metric)")
            }
        }
    }

    /// A bitset of `count` rows where each row is set with probability `fraction` (seeded).
    static func randomAllowed(count: Int, fraction: Double, seed: UInt64) -> Bitset {
        var random = SeededRandom(seed: seed)
        var bits = Bitset(count: count)
        for row in 0..<count where Double(random.nextFloat()) < fraction { bits[row] = true }
        return bits
    }

    // MARK: Internal

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
