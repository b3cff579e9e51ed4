// SeededRandom: a deterministic PRNG (xoshiro256**, state seeded by splitmix64) for tests,
// data generators, k-means sampling and HNSW level draws.
// Invariants: the same seed yields the same sequence on every platform and release (the
// algorithms are fixed; changing them changes stored test expectations); the state is never
// all zero (splitmix64 cannot produce four zero words in a row from any seed).
// Ownership: a value type; each user owns its own copy. Not for cryptography.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

package struct SeededRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    package init(seed: UInt64) {
        var seeder = SplitMix64(seed: seed)
        s0 = seeder.next()
        s1 = seeder.next()
        s2 = seeder.next()
        s3 = seeder.next()
    }

    package mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, 45)
        return result
    }

    /// Uniform in [0, 1), 24 random bits.
    package mutating func nextFloat() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// Standard normal (mean 0, variance 1) by the Box-Muller transform; two draws per call.
    package mutating func nextGaussian() -> Float {
        let u1 = (Double(next() >> 11) + 1) * 0x1p-53   // (0, 1]: log never sees 0
        let u2 = Double(next() >> 11) * 0x1p-53         // [0, 1)
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }

    @inline(__always)
    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}
