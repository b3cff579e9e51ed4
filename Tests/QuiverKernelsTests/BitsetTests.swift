// Tests for Bitset: indexing, growth, set operations, and the cleared-tail invariant.

import QuiverKernels
import Testing

@Test func bitsetSetsAndClearsAcrossWordBoundaries() {
    var bits = Bitset(count: 130)
    #expect(bits.words.count == 3 && bits.isEmpty && bits.setCount == 0)
    for i in [0, 63, 64, 127, 129] { bits[i] = true }
    #expect(bits.setIndices() == [0, 63, 64, 127, 129])
    #expect(bits.setCount == 5 && !bits.isEmpty)
    bits[64] = false
    #expect(!bits[64] && bits[63])
    #expect(bits.setIndices() == [0, 63, 127, 129])
}

@Test func bitsetAppendAndResize() {
    var bits = Bitset(count: 0)
    var expected: [Int] = []
    var rng = SeededRandom(seed: 3)
    for i in 0..<200 {
        let bit = rng.next() & 1 == 1
        bits.append(bit)
        if bit { expected.append(i) }
    }
    #expect(bits.count == 200 && bits.words.count == 4)
    #expect(bits.setIndices() == expected)

    bits.resize(to: 70)
    #expect(bits.count == 70 && bits.words.count == 2)
    #expect(bits.setIndices() == expected.filter { $0 < 70 })
    bits.resize(to: 300)   // bits 70..<300 come back clear, not with their old values
    #expect(bits.setIndices() == expected.filter { $0 < 70 })
    #expect(bits == Bitset(words: bits.words, count: 300))
}

@Test func bitsetFromWordsClearsBitsPastCount() {
    let bits = Bitset(words: [~0, ~0], count: 70)
    #expect(bits.setCount == 70)
    #expect(bits.words[1] == 0b11_1111)
    #expect(bits == Bitset(repeating: true, count: 70))
    #expect(bits.hashValue == Bitset(repeating: true, count: 70).hashValue)
}

@Test func bitsetUnionIntersectionAndSubtract() {
    var a = Bitset(count: 100), b = Bitset(count: 100)
    for i in stride(from: 0, to: 100, by: 2) { a[i] = true }
    for i in stride(from: 0, to: 100, by: 3) { b[i] = true }
    var union = a; union.formUnion(b)
    var intersection = a; intersection.formIntersection(b)
    var difference = a; difference.subtract(b)
    #expect(union.setIndices() == (0..<100).filter { $0 % 2 == 0 || $0 % 3 == 0 })
    #expect(intersection.setIndices() == (0..<100).filter { $0 % 6 == 0 })
    #expect(difference.setIndices() == (0..<100).filter { $0 % 2 == 0 && $0 % 3 != 0 })
    #expect(a != b)
}
