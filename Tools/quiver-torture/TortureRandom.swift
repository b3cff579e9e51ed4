// TortureRandom: the tool's seeded generator: SplitMix64, whose sequence is fixed for good, so
// the workload a seed names never changes.
// Ownership: a value type; each user owns its copy.

import QuiverKernels

struct TortureRandom {
    private var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { generator.next() }

    /// Uniform below `bound` (bound > 0).
    mutating func next(below bound: Int) -> Int { generator.next(below: bound) }

    /// Uniform in [-1, 1), 24 random bits.
    mutating func nextSignedFloat() -> Float { Float(next() >> 40) * 0x1p-23 - 1 }
}
