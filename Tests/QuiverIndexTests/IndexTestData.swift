// IndexTestData: shared fixtures for every index test: seeded clustered float vectors, random
// binary vectors and random allow-lists. The exact answers come from QuiverTestOracle's
// BruteForceOracle (`topRows`, in Double precision), and recall from its `Recall`, the same
// oracle every other test target uses.
// Invariants: the same arguments give the same data on every run (SeededRandom).
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

    /// A bitset of `count` rows where each row is set with probability `fraction` (seeded).
    static func randomAllowed(count: Int, fraction: Double, seed: UInt64) -> Bitset {
        var random = SeededRandom(seed: seed)
        var bits = Bitset(count: count)
        for row in 0..<count where Double(random.nextFloat()) < fraction { bits[row] = true }
        return bits
    }
}
