// Tests that the C kernels (CQuiverSIMD: AVX2+FMA where the CPU has them) agree with the Swift
// SIMD reference kernels and with a double-precision loop, for every dimension from 1 to 300
// (all tail lengths) and unaligned operands; and that the gathered form scores the same rows.

import CQuiverSIMD
import QuiverKernels
import Testing

private func exactL2(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Double {
    (0..<count).reduce(0.0) { sum, i in let d = Double(a[i]) - Double(b[i]); return sum + d * d }
}

private func exactDot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Double {
    (0..<count).reduce(0.0) { $0 + Double(a[$1]) * Double(b[$1]) }
}

/// Float rounding of a sum of `count` terms of magnitude up to `scale`.
private func tolerance(_ count: Int, scale: Double) -> Double { 1e-5 * Double(count) * scale + 1e-6 }

@Test func cKernelsMatchSwiftAndDoublePrecisionForEveryDimension() {
    var random = SeededRandom(seed: 42)
    for dimension in 1...300 {
        // One spare float in front so the operands start at an odd, unaligned address.
        var storage = (0..<(2 * dimension + 2)).map { _ in random.nextFloat() * 4 - 2 }
        storage.withUnsafeMutableBufferPointer { buffer in
            let a = UnsafePointer(buffer.baseAddress! + 1)
            let b = UnsafePointer(buffer.baseAddress! + 1 + dimension)
            let l2 = Distance.l2Squared(a, b, count: dimension)
            let dot = Distance.innerProduct(a, b, count: dimension)
            #expect(abs(Double(l2) - exactL2(a, b, dimension)) <= tolerance(dimension, scale: 16), "L2 at dimension \(dimension)")
            #expect(abs(Double(dot) - exactDot(a, b, dimension)) <= tolerance(dimension, scale: 4), "IP at dimension \(dimension)")
            #expect(abs(l2 - Distance.swiftSIMDL2Squared(a, b, count: dimension)) <= Float(tolerance(dimension, scale: 16)))
            #expect(abs(dot - Distance.swiftSIMDInnerProduct(a, b, count: dimension)) <= Float(tolerance(dimension, scale: 4)))
        }
    }
    #expect(["avx2+fma", "portable"].contains(Distance.kernelName))
}

@Test func zeroDimensionIsZeroAndIdenticalVectorsAreAtDistanceZero() {
    let v: [Float] = (0..<37).map { Float($0) * 0.25 - 3 }
    #expect(Distance.l2Squared(v, v) == 0)
    #expect(Distance.innerProduct(v, v) == Float(exactDotOf(v)))
    let empty: [Float] = []
    #expect(Distance.l2Squared(empty, empty) == 0)
}

private func exactDotOf(_ v: [Float]) -> Double { v.reduce(0.0) { $0 + Double($1) * Double($1) } }

@Test func gatheredDistancesScoreTheNamedRecords() {
    // Records of [4-byte header | 20 floats], as HNSW lays them out; score rows 7, 0, 3, 7.
    let dimension = 20, recordFloats = 21, recordCount = 9
    var random = SeededRandom(seed: 7)
    let records = random.floats(recordCount * recordFloats)
    let query = random.floats(dimension)
    let nodes: [UInt32] = [7, 0, 3, 7]
    var l2 = [Float](repeating: .nan, count: nodes.count), dot = l2
    records.withUnsafeBufferPointer { r in
        let vectors = UnsafeRawPointer(r.baseAddress! + 1)
        quiver_l2_squared_gather_f32(query, vectors, recordFloats * 4, nodes, nodes.count, dimension, &l2)
        quiver_inner_product_gather_f32(query, vectors, recordFloats * 4, nodes, nodes.count, dimension, &dot)
        quiver_prefetch_records(r.baseAddress!, recordFloats * 4, nodes, nodes.count, 2)
    }
    for (i, node) in nodes.enumerated() {
        let row = Array(records[(Int(node) * recordFloats + 1)..<(Int(node) * recordFloats + 1 + dimension)])
        #expect(l2[i] == Distance.l2Squared(query, row), "L2 of node \(node)")
        #expect(dot[i] == Distance.innerProduct(query, row), "IP of node \(node)")
    }
}
