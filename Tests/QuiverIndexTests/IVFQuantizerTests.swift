// IVFQuantizerTests: the parts under the IVF skeleton: k-means converges (inertia falls) and is
// seeded, SQ8 decodes within half a step, PQ bit packing round-trips for every nbits.

@testable import QuiverIndex
import QuiverKernels
import Testing

@Suite struct IVFQuantizerTests {
    typealias F = IVFFixtures

    @Test func kMeansInertiaDecreasesOverIterations() {
        let points = Array(F.data.base[0..<(5000 * F.dimension)])
        let result = points.withUnsafeBufferPointer {
            KMeans.train(points: $0, pointCount: 5000, dimension: F.dimension, clusterCount: 50, iterationCount: 15, seed: 3)
        }
        let inertia = result.inertiaByIteration
        #expect(inertia.count == 15)
        #expect(inertia.last! < inertia.first! * 0.9)
        // Lloyd's steps never raise inertia; allow sgemm rounding and the empty-cluster nudges.
        for i in 1..<inertia.count { #expect(inertia[i] <= inertia[i - 1] * 1.0001) }
    }

    @Test func kMeansIsSeeded() {
        let points = Array(F.data.base[0..<(2000 * F.dimension)])
        func train(_ seed: UInt64) -> [Float] {
            points.withUnsafeBufferPointer {
                KMeans.train(points: $0, pointCount: 2000, dimension: F.dimension, clusterCount: 20, seed: seed).centroids
            }
        }
        #expect(train(1) == train(1))
        #expect(train(1) != train(2))
    }

    @Test func kMeansWithMoreClustersThanPointsKeepsEveryPoint() {
        let points: [Float] = [0, 0, 1, 1, 5, 5]
        let result = points.withUnsafeBufferPointer {
            KMeans.train(points: $0, pointCount: 3, dimension: 2, clusterCount: 5, seed: 1)
        }
        #expect(result.centroids == [0, 0, 1, 1, 5, 5, 0, 0, 1, 1])
    }

    @Test func emptyClustersAreRepairedBySplitting() {
        // 1000 copies of two points and 8 clusters: every cluster must still end non-empty or a split copy.
        var points: [Float] = []
        for i in 0..<1000 { points += i % 2 == 0 ? [0, 0] : [10, 10] }
        let result = points.withUnsafeBufferPointer {
            KMeans.train(points: $0, pointCount: 1000, dimension: 2, clusterCount: 8, seed: 9)
        }
        #expect(result.centroids.allSatisfy { $0.isFinite })
        #expect(result.inertiaByIteration.last! < 1e-3)
    }

    @Test func binaryKMeansInertiaDecreases() {
        let points = IndexTestData.randomBinary(count: 3000, bytesPerRow: 16, seed: 2)
        let result = points.withUnsafeBufferPointer {
            BinaryKMeans.train(points: $0, pointCount: 3000, bytesPerRow: 16, clusterCount: 30, iterationCount: 10, seed: 3)
        }
        #expect(result.inertiaByIteration.last! < result.inertiaByIteration.first!)
    }

    @Test func scalarQuantizerDecodesWithinHalfAStep() {
        let rows = Array(F.data.base[0..<(1000 * F.dimension)])
        let sq = rows.withUnsafeBufferPointer { ScalarQuantizer.train(rows: $0, rowCount: 1000, dimension: F.dimension) }
        var code = [UInt8](repeating: 0, count: F.dimension)
        var decoded = [Float](repeating: 0, count: F.dimension)
        rows.withUnsafeBufferPointer { r in
            for row in 0..<1000 {
                code.withUnsafeMutableBufferPointer { sq.encode(r.baseAddress! + row * F.dimension, into: $0.baseAddress!) }
                code.withUnsafeBufferPointer { c in
                    decoded.withUnsafeMutableBufferPointer { sq.decode(c.baseAddress!, into: $0.baseAddress!) }
                }
                for j in 0..<F.dimension {
                    #expect(abs(decoded[j] - r[row * F.dimension + j]) <= sq.scales[j] * 0.5001 + 1e-6)
                }
            }
        }
    }

    @Test(arguments: Array(1...16))
    func pqCodesRoundTripForEveryNbits(nbits: Int) {
        let m = 7
        var random = SeededRandom(seed: UInt64(nbits))
        let values = (0..<m).map { _ in Int(random.next() % UInt64(1 << nbits)) }
        var code = [UInt8](repeating: 0, count: ProductQuantizer.codeByteCount(subquantizerCount: m, bitsPerCode: nbits))
        #expect(code.count == (m * nbits + 7) / 8)
        code.withUnsafeMutableBufferPointer { c in
            for (j, v) in values.enumerated() {
                ProductQuantizer.writeIndex(v, subquantizer: j, bitsPerCode: nbits, into: c.baseAddress!)
            }
        }
        let read = code.withUnsafeBufferPointer { c in
            (0..<m).map { ProductQuantizer.readIndex(c.baseAddress!, subquantizer: $0, bitsPerCode: nbits) }
        }
        #expect(read == values)
    }

    @Test func pqDistanceTablesMatchDecodedVectors() throws {
        let rows = Array(F.data.base[0..<(1000 * F.dimension)])
        let pq = rows.withUnsafeBufferPointer {
            ProductQuantizer.train(residuals: $0, rowCount: 1000, dimension: F.dimension, subquantizerCount: 8,
                                   bitsPerCode: 8, seed: 1)
        }
        var codes = [UInt8](repeating: 0, count: 10 * pq.codeByteCount)
        rows.withUnsafeBufferPointer { r in
            codes.withUnsafeMutableBufferPointer { pq.encode(UnsafeBufferPointer(rebasing: r[0..<(10 * F.dimension)]), rowCount: 10, into: $0) }
        }
        let query = Array(F.data.queries[0..<F.dimension])
        var l2Table = [Float](repeating: 0, count: 8 * 256), ipTable = l2Table
        query.withUnsafeBufferPointer { q in
            l2Table.withUnsafeMutableBufferPointer { pq.l2Table(q.baseAddress!, into: $0.baseAddress!) }
            ipTable.withUnsafeMutableBufferPointer { pq.innerProductTable(q.baseAddress!, into: $0.baseAddress!) }
        }
        for row in 0..<10 {
            var decoded = [Float](repeating: 0, count: F.dimension)
            codes.withUnsafeBufferPointer { c in
                decoded.withUnsafeMutableBufferPointer { pq.addDecoded(c.baseAddress! + row * pq.codeByteCount, to: $0.baseAddress!) }
            }
            var l2: Float = 0, ip: Float = 0
            for j in 0..<8 {
                l2 += l2Table[j * 256 + Int(codes[row * pq.codeByteCount + j])]
                ip += ipTable[j * 256 + Int(codes[row * pq.codeByteCount + j])]
            }
            #expect(abs(l2 - Distance.l2Squared(query, decoded)) <= 1e-3 * max(1, l2))
            #expect(abs(ip - Distance.innerProduct(query, decoded)) <= 1e-3 * max(1, abs(ip)))
        }
    }
}
