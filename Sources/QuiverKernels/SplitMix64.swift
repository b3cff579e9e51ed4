// SplitMix64: Steele, Lea and Flood's 64-bit generator, one add and two multiply-xorshifts per
// value. The smallest generator that reproduces a seed's sequence on every platform; it seeds
// SeededRandom's state, and tools use it where a seed must name a workload forever.
// Invariants: the constants and the output function never change (recorded seeds in tests,
// torture runs and the demo depend on the sequence).
// Ownership: a value type; each user owns its copy. Not for cryptography.

package struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    package init(seed: UInt64) { state = seed }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform-enough in 0..<bound for workloads (modulo; bound > 0).
    package mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
