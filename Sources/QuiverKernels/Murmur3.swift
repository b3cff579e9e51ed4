// Murmur3: MurmurHash3_x86_32 (Austin Appleby's package-domain hash), used where a hash must be
// the same in every process and every release: partition-key routing hashes a value's canonical
// bytes with it, and rows stay where that hash put them on disk.
// Invariants: the result depends only on the bytes and the seed (never on Swift's per-process
// Hasher seed, the platform or the byte order of the machine: blocks are read little-endian).
// Check values: "" seed 0 -> 0, "" seed 1 -> 0x514E28B7, "test" seed 0 -> 0xBA6BD213.
// Ownership: stateless; safe from any thread.

package enum Murmur3 {
    /// MurmurHash3_x86_32 of `bytes` with `seed`.
    package static func hash32(_ bytes: some Collection<UInt8>, seed: UInt32 = 0) -> UInt32 {
        let c1: UInt32 = 0xCC9E_2D51, c2: UInt32 = 0x1B87_3593
        var hash = seed
        var block: UInt32 = 0
        var blockByteCount = 0
        for byte in bytes {
            block |= UInt32(byte) << UInt32(8 * blockByteCount)
            blockByteCount += 1
            if blockByteCount == 4 {
                hash ^= scramble(block, c1, c2)
                hash = rotateLeft(hash, by: 13) &* 5 &+ 0xE654_6B64
                block = 0
                blockByteCount = 0
            }
        }
        if blockByteCount > 0 { hash ^= scramble(block, c1, c2) }
        hash ^= UInt32(truncatingIfNeeded: bytes.count)
        return finalMix(hash)
    }

    private static func scramble(_ block: UInt32, _ c1: UInt32, _ c2: UInt32) -> UInt32 {
        rotateLeft(block &* c1, by: 15) &* c2
    }

    private static func rotateLeft(_ value: UInt32, by count: UInt32) -> UInt32 {
        (value << count) | (value >> (32 - count))
    }

    /// fmix32: every input bit affects every output bit.
    private static func finalMix(_ value: UInt32) -> UInt32 {
        var h = value
        h ^= h >> 16
        h = h &* 0x85EB_CA6B
        h ^= h >> 13
        h = h &* 0xC2B2_AE35
        h ^= h >> 16
        return h
    }
}
