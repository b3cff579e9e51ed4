// TortureRandom: the tool's seeded generator (splitmix64), kept here so the workload a seed
// names never changes when the library's generators do.
// Ownership: a value type; each user owns its copy.

struct TortureRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform below `bound` (bound > 0).
    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// Uniform in [-1, 1), 24 random bits.
    mutating func nextSignedFloat() -> Float { Float(next() >> 40) * 0x1p-23 - 1 }
}
