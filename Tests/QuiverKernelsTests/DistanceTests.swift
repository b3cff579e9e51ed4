// Tests for the single-pair kernels against naive Double references, for dimensions that
// exercise the SIMD body, the 8-wide step and the scalar tail.

import QuiverKernels
import Testing

private func referenceL2Squared(_ a: [Float], _ b: [Float]) -> Double {
    zip(a, b).reduce(0) { $0 + (Double($1.0) - Double($1.1)) * (Double($1.0) - Double($1.1)) }
}

private func referenceDot(_ a: [Float], _ b: [Float]) -> Double {
    zip(a, b).reduce(0) { $0 + Double($1.0) * Double($1.1) }
}

private func referencePopcount(_ bytes: [UInt8]) -> Int { bytes.reduce(0) { $0 + $1.nonzeroBitCount } }

@Test(arguments: testDimensions)
func floatKernelsMatchDoubleReference(dimension: Int) {
    var rng = SeededRandom(seed: UInt64(dimension))
    for _ in 0..<20 {
        let a = rng.floats(dimension), b = rng.floats(dimension)
        let dot = referenceDot(a, b), aa = referenceDot(a, a), bb = referenceDot(b, b)
        #expect(isClose(Distance.l2Squared(a, b), referenceL2Squared(a, b)))
        #expect(isClose(Distance.innerProduct(a, b), dot))
        #expect(isClose(Distance.normSquared(a), aa))
        #expect(isClose(Distance.cosineSimilarity(a, b), dot / (aa.squareRoot() * bb.squareRoot())))
    }
}

@Test(arguments: testDimensions)
func binaryKernelsMatchBitReference(byteCount: Int) {
    var rng = SeededRandom(seed: 1000 + UInt64(byteCount))
    for _ in 0..<20 {
        let a = rng.bytes(byteCount), b = rng.bytes(byteCount)
        let differing = referencePopcount(zip(a, b).map { $0 ^ $1 })
        let intersection = referencePopcount(zip(a, b).map { $0 & $1 })
        let union = referencePopcount(zip(a, b).map { $0 | $1 })
        #expect(Distance.hamming(a, b) == Float(differing))
        let jaccard = union == 0 ? 0 : 1 - Double(intersection) / Double(union)
        #expect(isClose(Distance.jaccardDistance(a, b), jaccard, relative: 1e-6))
    }
}

@Test func cosineWithAZeroVectorIsZero() {
    let zero = [Float](repeating: 0, count: 17)
    let other = (0..<17).map { Float($0) - 3 }
    #expect(Distance.cosineSimilarity(zero, other) == 0)
    #expect(Distance.cosineSimilarity(other, zero) == 0)
    #expect(Distance.cosineSimilarity(zero, zero) == 0)
    #expect(isClose(Distance.cosineSimilarity(other, other), 1, relative: 1e-6))
}

@Test func kernelsHandleEdgeValues() {
    #expect(Distance.l2Squared([Float](), []) == 0)
    #expect(Distance.l2Squared([1, 2, 3], [1, 2, 3]) == 0)
    #expect(Distance.l2Squared([0, 0, 0], [1, 2, 2]) == 9)
    #expect(Distance.innerProduct([1, 2, 3], [4, -5, 6]) == 12)
    #expect(isClose(Distance.cosineSimilarity([1, 0], [-1, 0]), -1, relative: 1e-6))
}

@Test func jaccardOfEmptyAndDisjointVectors() {
    #expect(Distance.jaccardDistance([0, 0, 0], [0, 0, 0]) == 0)
    #expect(Distance.jaccardDistance([0xF0], [0x0F]) == 1)
    #expect(Distance.jaccardDistance([0xFF, 0x00], [0x0F, 0x00]) == 0.5)
    #expect(Distance.hamming([0xFF, 0x01], [0x00, 0x00]) == 9)
}
