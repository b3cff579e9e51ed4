// ClusteredDataGenerator: seeded, deterministic test vectors shaped like real embeddings: points
// scattered around a few gaussian centers, so nearest neighbours are meaningful and distances
// rarely tie (unlike uniform noise in high dimensions).
// Invariants: the same (clusterCount, spread, count, dimension, seed) gives the same vectors on
// every platform and run (SeededRandom's sequence is fixed); every element is finite.
// Ownership: a value type; safe from any thread.

import QuiverKernels

public struct ClusteredDataGenerator: Sendable {
    /// Number of gaussian centers (each drawn from N(0, 1) per dimension).
    public var clusterCount: Int
    /// Standard deviation of the noise added to a center to make a point.
    public var spread: Float

    public init(clusterCount: Int = 16, spread: Float = 0.25) {
        precondition(clusterCount > 0, "clusterCount must be > 0, got \(clusterCount)")
        self.clusterCount = clusterCount
        self.spread = spread
    }

    /// The cluster centers for `seed`: the ones `generate(count:dimension:seed:)` scatters around.
    public func centers(dimension: Int, seed: UInt64) -> [[Float]] {
        var random = SeededRandom(seed: seed)
        return (0..<clusterCount).map { _ in (0..<dimension).map { _ in random.nextGaussian() } }
    }

    /// `count` vectors of `dimension` floats: a uniformly chosen center plus N(0, spread^2) noise.
    /// Vectors from the same seed share centers, so generate base and queries in one call and split.
    public func generate(count: Int, dimension: Int, seed: UInt64) -> [[Float]] {
        precondition(count >= 0 && dimension > 0, "count \(count), dimension \(dimension)")
        let centers = centers(dimension: dimension, seed: seed)
        var random = SeededRandom(seed: seed ^ 0x5EED_0F_C1A5_7E25)
        return (0..<count).map { _ in
            let center = centers[Int(random.next() % UInt64(clusterCount))]
            return center.map { $0 + spread * random.nextGaussian() }
        }
    }

    /// `count` packed binary vectors of `bitCount` bits (a multiple of 8): each a center with about
    /// `flipFraction` of its bits flipped, so HAMMING and JACCARD neighbours are meaningful.
    public func generateBinary(count: Int, bitCount: Int, seed: UInt64, flipFraction: Double = 0.1) -> [[UInt8]] {
        precondition(bitCount > 0 && bitCount % 8 == 0, "bitCount \(bitCount) must be a positive multiple of 8")
        var random = SeededRandom(seed: seed)
        let byteCount = bitCount / 8
        let centers = (0..<clusterCount).map { _ in (0..<byteCount).map { _ in UInt8(truncatingIfNeeded: random.next()) } }
        let flipThreshold = UInt64(flipFraction * Double(UInt64.max >> 11))
        return (0..<count).map { _ in
            var bytes = centers[Int(random.next() % UInt64(clusterCount))]
            for bit in 0..<bitCount where (random.next() >> 11) < flipThreshold {
                bytes[bit / 8] ^= UInt8(0x80) >> UInt8(bit % 8)
            }
            return bytes
        }
    }
}
