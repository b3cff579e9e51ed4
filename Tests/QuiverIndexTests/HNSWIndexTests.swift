// HNSWIndexTests: HNSW's promises on a 20k x 32 clustered set (M 16, efConstruction 200):
// recall@10 >= 0.95 at ef 64 for L2, IP and COSINE against brute force; the same results
// and bit-identical bytes after a serialize/deserialize round trip; a structurally sound,
// fully reachable graph; deterministic builds; safe concurrent searches.

import QuiverTestOracle
import Testing
import QuiverKernels
@testable import QuiverIndex

struct HNSWIndexTests {
    @Test(arguments: [Metric.l2, .innerProduct, .cosine])
    func recallAt10IsAtLeast95PercentAtEF64(metric: Metric) throws {
        let fixture = HNSWTestFixture.forMetric(metric)
        let hits = fixture.searchAll()
        let recall = Recall.at(10, of: hits.map { $0.map(\.row) }, truth: fixture.truth)
        #expect(recall >= 0.95, "recall@10 \(recall) for \(metric)")
        for queryHits in hits {
            #expect(queryHits.count == 10)
            let scores = queryHits.map(\.score)
            #expect(scores == (metric.largerIsCloser ? scores.sorted(by: >) : scores.sorted()))
        }
        try fixture.index.checkIntegrity()
    }

    @Test(arguments: [Metric.l2, .innerProduct, .cosine])
    func scoresAreTheMetricsRawScores(metric: Metric) {
        let fixture = HNSWTestFixture.forMetric(metric)
        let hits = fixture.searchAll(k: 3)
        for (i, queryHits) in hits.enumerated() {
            let exact = BruteForceOracle.exactScores(query: fixture.query(i), base: fixture.base,
                                                  dimension: HNSWTestFixture.dimension, metric: metric)
            for hit in queryHits {
                #expect(abs(Double(hit.score) - exact[hit.row]) <= 1e-4 * max(1, abs(exact[hit.row])))
            }
        }
    }

    @Test(arguments: [Metric.l2, .innerProduct, .cosine])
    func roundTripKeepsResultsAndBytes(metric: Metric) throws {
        let fixture = HNSWTestFixture.forMetric(metric)
        let bytes = fixture.index.serialized()
        let reloaded = try HNSWIndex.deserialize(bytes)
        #expect(reloaded.spec == fixture.index.spec && reloaded.count == fixture.index.count)
        #expect(reloaded.dimension == fixture.index.dimension)
        #expect(fixture.searchAll(reloaded) == fixture.searchAll())
        #expect(reloaded.serialized() == bytes)
        try reloaded.checkIntegrity()
    }

    @Test func sameSeedGivesTheSameBytesAndAnotherSeedDoesNot() {
        let base = IndexTestData.clustered(count: 3_000, dimension: 16, clusters: 8, seed: 5)
        func build(seed: UInt64) -> [UInt8] {
            base.withUnsafeBufferPointer {
                HNSWIndex.build(spec: IndexSpec(kind: .hnsw, metric: .l2, parameters: ["M": 8, "efConstruction": 64]),
                                vectors: $0, dimension: 16, seed: seed).serialized()
            }
        }
        #expect(build(seed: 9) == build(seed: 9))
        #expect(build(seed: 9) != build(seed: 10))
    }

    @Test func progressCountsEveryRow() {
        let base = IndexTestData.clustered(count: 2_500, dimension: 8, clusters: 4, seed: 6)
        var reported: [Int] = []
        _ = base.withUnsafeBufferPointer {
            HNSWIndex.build(spec: IndexSpec(kind: .hnsw, metric: .l2, parameters: ["M": 4, "efConstruction": 16]),
                            vectors: $0, dimension: 8, progress: { reported.append($0) })
        }
        #expect(reported == [1024, 2048, 2500])
    }

    @Test func emptyAndSingleRowIndexesWork() throws {
        let spec = IndexSpec(kind: .hnsw, metric: .cosine)
        let empty = [Float]().withUnsafeBufferPointer { HNSWIndex.build(spec: spec, vectors: $0, dimension: 4) }
        let query: [Float] = [1, 0, 0, 0]
        #expect(query.withUnsafeBufferPointer { empty.search($0, k: 5, parameters: .init(), allowed: nil) }.isEmpty)
        let emptyReloaded = try HNSWIndex.deserialize(empty.serialized())
        #expect(emptyReloaded.count == 0)
        try emptyReloaded.checkIntegrity()

        let single = [Float](arrayLiteral: 2, 0, 0, 0).withUnsafeBufferPointer { HNSWIndex.build(spec: spec, vectors: $0, dimension: 4) }
        let hits = query.withUnsafeBufferPointer { single.search($0, k: 5, parameters: .init(), allowed: nil) }
        #expect(hits == [IndexHit(row: 0, score: 1)])
        try HNSWIndex.deserialize(single.serialized()).checkIntegrity()
    }

    @Test func autoIndexResolvesToHNSWSQ() {
        let base = IndexTestData.clustered(count: 100, dimension: 8, clusters: 2, seed: 1)
        let index = base.withUnsafeBufferPointer {
            HNSWIndex.build(spec: IndexSpec(kind: .autoIndex, metric: .l2), vectors: $0, dimension: 8)
        }
        #expect(index.spec == IndexSpec(kind: .hnswSQ, metric: .l2, parameters: ["M": 16, "efConstruction": 200]))
        #expect(index.codes != nil)
    }

    @Test func concurrentSearchesMatchSerialOnes() async {
        let fixture = HNSWTestFixture.l2
        let serial = fixture.searchAll()
        let concurrent = await withTaskGroup(of: (Int, [[IndexHit]]).self) { group in
            for task in 0..<8 { group.addTask { (task, fixture.searchAll()) } }
            var results: [[[IndexHit]]] = []
            for await (_, hits) in group { results.append(hits) }
            return results
        }
        #expect(concurrent.count == 8)
        #expect(concurrent.allSatisfy { $0 == serial })
    }
}
