// Tests for Murmur3: published MurmurHash3_x86_32 check values (the hash partition-key routing
// depends on, so a change here would move rows between partitions on disk), and that a block
// split across a collection's slices hashes like the whole array.

import QuiverKernels
import Testing

@Test func murmur3KnownVectors() {
    #expect(Murmur3.hash32([UInt8]()) == 0)
    #expect(Murmur3.hash32([UInt8](), seed: 1) == 0x514E_28B7)
    #expect(Murmur3.hash32(Array("test".utf8)) == 0xBA6B_D213)
    #expect(Murmur3.hash32(Array("Hello, world!".utf8)) == 0xC036_3E43)
    #expect(Murmur3.hash32(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x2E4F_F723)
}

@Test func murmur3OfASliceEqualsMurmur3OfItsCopy() {
    var rng = SeededRandom(seed: 7)
    let data = rng.bytes(64)
    for end in [1, 2, 3, 4, 5, 63] {
        #expect(Murmur3.hash32(data[1..<end]) == Murmur3.hash32(Array(data[1..<end])))
    }
}
