// FlatIndexTests: FLAT and BIN_FLAT are exact, so they must agree with the brute-force oracle
// on every query (recall 1.0), respect `allowed` and range bounds, and survive a serialize /
// deserialize round trip unchanged; damaged bytes must throw, never trap.

import QuiverTestOracle
import Testing
import QuiverKernels
@testable import QuiverIndex

struct FlatIndexTests {
    static let dimension = 24

    static func data() -> (base: [Float], queries: [Float]) {
        let all = IndexTestData.clustered(count: 3_000 + 40, dimension: dimension, clusters: 12, seed: 7)
        let (base, queries) = IndexTestData.split(all, dimension: dimension, firstCount: 3_000)
        return (base, queries)
    }

    static func searchAll(_ index: some FloatVectorIndex, _ queries: [Float], k: Int, allowed: Bitset? = nil) -> [[IndexHit]] {
        queries.withUnsafeBufferPointer { q in
            (0..<q.count / index.dimension).map { i in
                index.search(UnsafeBufferPointer(rebasing: q[(i * index.dimension)..<((i + 1) * index.dimension)]),
                             k: k, parameters: IndexSearchParameters(), allowed: allowed)
            }
        }
    }

    @Test(arguments: [Metric.l2, .innerProduct, .cosine])
    func flatMatchesBruteForceExactly(metric: Metric) throws {
        let (base, queries) = Self.data()
        let index = base.withUnsafeBufferPointer {
            FlatIndex.build(spec: IndexSpec(kind: .flat, metric: metric), vectors: $0, dimension: Self.dimension)
        }
        let truth = BruteForceOracle.topRows(queries: queries, base: base, dimension: Self.dimension, metric: metric, k: 10)
        let hits = Self.searchAll(index, queries, k: 10)
        #expect(Recall.at(10, of: hits.map { $0.map(\.row) }, truth: truth) == 1.0)
        for queryHits in hits {
            let scores = queryHits.map(\.score)
            #expect(scores == (metric.largerIsCloser ? scores.sorted(by: >) : scores.sorted()))
        }

        let bytes = index.serialized()
        let reloaded = try FlatIndex.deserialize(bytes)
        #expect(reloaded.count == index.count && reloaded.dimension == index.dimension && reloaded.spec == index.spec)
        #expect(Self.searchAll(reloaded, queries, k: 10) == hits)
        #expect(reloaded.serialized() == bytes)
    }

    @Test func flatFilterNeverReturnsADisallowedRow() {
        let (base, queries) = Self.data()
        let index = base.withUnsafeBufferPointer {
            FlatIndex.build(spec: IndexSpec(kind: .flat, metric: .l2), vectors: $0, dimension: Self.dimension)
        }
        for fraction in [0.5, 0.05] {
            let allowed = IndexTestData.randomAllowed(count: index.count, fraction: fraction, seed: 3)
            let truth = BruteForceOracle.topRows(queries: queries, base: base, dimension: Self.dimension, metric: .l2,
                                                 k: 10, allowed: allowed)
            let hits = Self.searchAll(index, queries, k: 10, allowed: allowed)
            #expect(hits.allSatisfy { $0.allSatisfy { allowed[$0.row] } })
            #expect(Recall.at(10, of: hits.map { $0.map(\.row) }, truth: truth) == 1.0)
        }
    }

    @Test func flatRangeSearchReturnsTheWindowBestFirst() {
        let (base, queries) = Self.data()
        let index = base.withUnsafeBufferPointer {
            FlatIndex.build(spec: IndexSpec(kind: .flat, metric: .l2), vectors: $0, dimension: Self.dimension)
        }
        let query = Array(queries[0..<Self.dimension])
        let scores = BruteForceOracle.exactScores(query: query[...], base: base, dimension: Self.dimension, metric: .l2)
        let sorted = scores.sorted()
        let (radius, rangeFilter) = (Float((sorted[60] + sorted[61]) / 2), Float((sorted[9] + sorted[10]) / 2))
        let expected = Set(scores.indices.filter { scores[$0] < Double(radius) && scores[$0] >= Double(rangeFilter) })
        let hits = query.withUnsafeBufferPointer {
            index.rangeSearch($0, radius: radius, rangeFilter: rangeFilter, limit: 1_000, parameters: IndexSearchParameters(), allowed: nil)
        }
        #expect(Set(hits.map(\.row)) == expected)
        #expect(hits.count == 51)
        let limited = query.withUnsafeBufferPointer {
            index.rangeSearch($0, radius: radius, rangeFilter: rangeFilter, limit: 5, parameters: IndexSearchParameters(), allowed: nil)
        }
        #expect(limited == Array(hits.prefix(5)))
    }

    @Test(arguments: [Metric.hamming, .jaccard])
    func binaryFlatMatchesBruteForceExactly(metric: Metric) throws {
        let bytesPerRow = 16
        let base = IndexTestData.randomBinary(count: 2_000, bytesPerRow: bytesPerRow, seed: 11)
        let queries = IndexTestData.randomBinary(count: 30, bytesPerRow: bytesPerRow, seed: 12)
        let index = base.withUnsafeBufferPointer {
            BinaryFlatIndex.build(spec: IndexSpec(kind: .binFlat, metric: metric), vectors: $0, dimension: bytesPerRow * 8)
        }
        let allowed = IndexTestData.randomAllowed(count: index.count, fraction: 0.1, seed: 5)
        for filter in [nil, allowed] {
            let truth = BruteForceOracle.topRows(binaryQueries: queries, base: base, bytesPerRow: bytesPerRow, metric: metric,
                                                       k: 10, allowed: filter)
            let hits = Self.binarySearchAll(index, queries, k: 10, allowed: filter)
            // Integer scores tie often: the order (ties by smaller row) must match exactly, not just the set.
            #expect(hits.map { $0.map(\.row) } == truth)
            let reloaded = try BinaryFlatIndex.deserialize(index.serialized())
            #expect(Self.binarySearchAll(reloaded, queries, k: 10, allowed: filter) == hits)
            #expect(reloaded.serialized() == index.serialized())
        }
    }

    static func binarySearchAll(_ index: BinaryFlatIndex, _ queries: [UInt8], k: Int, allowed: Bitset?) -> [[IndexHit]] {
        let bytesPerRow = index.dimension / 8
        return queries.withUnsafeBufferPointer { q in
            (0..<q.count / bytesPerRow).map { i in
                index.search(UnsafeBufferPointer(rebasing: q[(i * bytesPerRow)..<((i + 1) * bytesPerRow)]),
                             k: k, parameters: IndexSearchParameters(), allowed: allowed)
            }
        }
    }

    @Test func everyTruncationAndHeaderFlipThrows() {
        let base = IndexTestData.clustered(count: 20, dimension: 4, clusters: 2, seed: 1)
        let bytes = base.withUnsafeBufferPointer {
            FlatIndex.build(spec: IndexSpec(kind: .flat, metric: .cosine), vectors: $0, dimension: 4)
        }.serialized()
        for length in 0..<bytes.count {
            #expect(throws: IndexCodecError.self) { try FlatIndex.deserialize(Array(bytes[..<length])) }
        }
        #expect(throws: IndexCodecError.self) { try FlatIndex.deserialize(bytes + [0]) }
        let headerByteCount = bytes.count - 20 * 4 * 4
        for offset in 0..<headerByteCount {
            for bit in [0, 3, 7] {
                var damaged = bytes
                damaged[offset] ^= UInt8(1 << bit)
                // Some JSON flips still decode (e.g. whitespace or key order); any result must be consistent.
                if let decoded = try? FlatIndex.deserialize(damaged) {
                    #expect(decoded.count == 20 && decoded.dimension == 4)
                }
            }
        }
        let binary = [UInt8](repeating: 1, count: 8).withUnsafeBufferPointer {
            BinaryFlatIndex.build(spec: IndexSpec(kind: .binFlat, metric: .hamming), vectors: $0, dimension: 64)
        }
        #expect(throws: IndexCodecError.self) { try FlatIndex.deserialize(binary.serialized()) }
    }
}
