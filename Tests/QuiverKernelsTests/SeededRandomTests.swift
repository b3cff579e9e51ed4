// Tests for SeededRandom: determinism, ranges, and rough distribution shape.

import QuiverKernels
import Testing

@Test func seededRandomIsDeterministic() {
    var a = SeededRandom(seed: 1234), b = SeededRandom(seed: 1234), c = SeededRandom(seed: 1235)
    let sequenceA = (0..<100).map { _ in a.next() }
    #expect(sequenceA == (0..<100).map { _ in b.next() })
    #expect(sequenceA != (0..<100).map { _ in c.next() })
    // Pinned first outputs: changing the algorithm changes every seeded test and generator.
    var zero = SeededRandom(seed: 0)
    let pinned = (0..<3).map { _ in zero.next() }
    #expect(pinned == [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0])
}

@Test func seededRandomFloatsAndGaussians() {
    var rng = SeededRandom(seed: 77)
    let uniforms = (0..<10_000).map { _ in rng.nextFloat() }
    #expect(uniforms.allSatisfy { $0 >= 0 && $0 < 1 })
    let uniformMean = uniforms.reduce(0, +) / Float(uniforms.count)
    #expect(abs(uniformMean - 0.5) < 0.02)

    let gaussians = (0..<10_000).map { _ in rng.nextGaussian() }
    #expect(gaussians.allSatisfy { $0.isFinite })
    let mean = gaussians.reduce(0, +) / Float(gaussians.count)
    let variance = gaussians.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(gaussians.count)
    #expect(abs(mean) < 0.05)
    #expect(abs(variance - 1) < 0.05)
}

@Test func seededRandomWorksWithStandardLibraryAlgorithms() {
    var a = SeededRandom(seed: 5), b = SeededRandom(seed: 5)
    #expect(Array(0..<50).shuffled(using: &a) == Array(0..<50).shuffled(using: &b))
    #expect(Int.random(in: 0..<10, using: &a) == Int.random(in: 0..<10, using: &b))
}
