// IVFIndexTests: IVF_FLAT / IVF_SQ8 / IVF_PQ answers against the brute-force oracle: exact when
// every list is probed (IVF_FLAT), recall floors at moderate nprobe, filters, range search,
// clamping, determinism and spec validation.

import QuiverIndex
import QuiverKernels
import QuiverTestOracle
import Testing

@Suite struct IVFIndexTests {
    typealias F = IVFFixtures

    @Test(arguments: [Metric.l2, .innerProduct, .cosine])
    func ivfFlatProbingEveryListIsExact(metric: Metric) throws {
        let index = try F.build(.ivfFlat, metric)
        #expect(index.listCount == 64)
        #expect(F.recall(index, metric, nprobe: 64) == 1.0)
    }

    @Test func ivfFlatCosineScoresAreCosineSimilarities() throws {
        let index = try F.build(.ivfFlat, .cosine)
        let hits = F.searchAll(index, nprobe: 64, k: 3)
        for (q, queryHits) in hits.enumerated() {
            let query = F.data.queries[(q * F.dimension)..<((q + 1) * F.dimension)]
            let exact = BruteForceOracle.exactScores(query: query, base: F.data.base, dimension: F.dimension, metric: .cosine)
            for hit in queryHits { #expect(abs(Double(hit.score) - exact[hit.row]) < 1e-4) }
        }
    }

    // Observed at nprobe 16 (seed 42): L2 IVF_FLAT 0.998, IVF_SQ8 0.985, IVF_PQ m=8 0.745;
    // IP 0.995 / 0.990 / 0.780; COSINE 1.0 / 0.978 / 0.687. Floors sit a little below.
    @Test(arguments: [Metric.l2, .innerProduct, .cosine])
    func recallFloorsAtModerateNprobe(metric: Metric) throws {
        #expect(F.recall(try F.build(.ivfFlat, metric), metric, nprobe: 16) >= 0.97)
        #expect(F.recall(try F.build(.ivfSQ8, metric), metric, nprobe: 16) >= 0.93)
        let pq = try F.build(.ivfPQ, metric, ["nlist": 64, "m": 8, "nbits": 8])
        #expect(F.recall(pq, metric, nprobe: 16) >= (metric == .cosine ? 0.6 : 0.65))
    }

    @Test func moreProbesNeverLowerIVFFlatRecall() throws {
        let index = try F.build(.ivfFlat, .l2)
        let recalls = [1, 4, 16, 64].map { F.recall(index, .l2, nprobe: $0) }
        #expect(recalls == recalls.sorted())
        #expect(recalls.last == 1.0)
    }

    @Test(arguments: [IndexKind.ivfFlat, .ivfSQ8, .ivfPQ])
    func allowedRowsAreRespected(kind: IndexKind) throws {
        let index = try F.build(kind, .l2)
        let allowed = IndexTestData.randomAllowed(count: F.baseCount, fraction: 0.3, seed: 11)
        let hits = F.searchAll(index, nprobe: 64, allowed: allowed)
        #expect(hits.allSatisfy { $0.allSatisfy { allowed[$0.row] } })
        #expect(hits.allSatisfy { $0.count == F.k })
        let truth = BruteForceOracle.topRows(queries: F.data.queries, base: F.data.base, dimension: F.dimension,
                                             metric: .l2, k: F.k, allowed: allowed)
        let recall = Recall.at(F.k, of: F.rows(hits), truth: truth)
        #expect(recall >= (kind == .ivfFlat ? 1.0 : kind == .ivfSQ8 ? 0.9 : 0.6))
    }

    @Test func concurrentSearchesAgreeWithSequentialOnes() async throws {
        let index = try F.build(.ivfPQ, .l2, ["nlist": 64, "m": 8])
        let sequential = F.searchAll(index, nprobe: 8)
        let concurrent = await withTaskGroup(of: (Int, [[IndexHit]]).self) { group in
            for task in 0..<4 { group.addTask { (task, F.searchAll(index, nprobe: 8)) } }
            var results: [[[IndexHit]]] = []
            for await (_, hits) in group { results.append(hits) }
            return results
        }
        #expect(concurrent.count == 4 && concurrent.allSatisfy { $0 == sequential })
    }

    @Test func anEmptyFilterReturnsNothing() throws {
        let index = try F.build(.ivfFlat, .l2)
        let hits = F.searchAll(index, nprobe: 64, allowed: Bitset(count: F.baseCount))
        #expect(hits.allSatisfy { $0.isEmpty })
    }

    @Test(arguments: [Metric.l2, .innerProduct])
    func rangeSearchMatchesTheOracleWindow(metric: Metric) throws {
        let index = try F.build(.ivfFlat, metric)
        let query = F.data.queries[0..<F.dimension]
        let exact = BruteForceOracle.exactScores(query: query, base: F.data.base, dimension: F.dimension, metric: metric)
        let ranked = exact.indices.sorted { metric.largerIsCloser ? exact[$0] > exact[$1] : exact[$0] < exact[$1] }
        // radius between ranks 10 and 11, rangeFilter between ranks 3 and 4: ranks 4...10 remain.
        let radius = Float((exact[ranked[9]] + exact[ranked[10]]) / 2)
        let rangeFilter = Float((exact[ranked[2]] + exact[ranked[3]]) / 2)
        let hits = Array(query).withUnsafeBufferPointer {
            index.rangeSearch($0, radius: radius, rangeFilter: rangeFilter, limit: 100,
                              parameters: IndexSearchParameters(nprobe: 64), allowed: nil)
        }
        #expect(hits.map(\.row) == Array(ranked[3..<10]))
        let limited = Array(query).withUnsafeBufferPointer {
            index.rangeSearch($0, radius: radius, rangeFilter: nil, limit: 4,
                              parameters: IndexSearchParameters(nprobe: 64), allowed: nil)
        }
        #expect(limited.map(\.row) == Array(ranked[0..<4]))
    }

    @Test func nlistAboveTheRowCountIsClampedAndNprobeToTheListCount() throws {
        let base = Array(F.data.base[0..<(50 * F.dimension)])
        let index = try F.build(.ivfFlat, .l2, ["nlist": 1000], base: base)
        #expect(index.count == 50)
        #expect(index.listCount == 50)
        #expect(index.listSizes.reduce(0, +) == 50)
        #expect(index.probeCount(for: IndexSearchParameters(nprobe: 4096)) == 50)
        #expect(index.probeCount(for: IndexSearchParameters(nprobe: 0)) == 1)
        #expect(index.probeCount(for: IndexSearchParameters()) == 8)
        let hits = base.withUnsafeBufferPointer {
            index.search(UnsafeBufferPointer(rebasing: $0[(7 * F.dimension)..<(8 * F.dimension)]), k: 100,
                         parameters: IndexSearchParameters(nprobe: 4096), allowed: nil)
        }
        #expect(hits.count == 50)
        #expect(hits.first?.row == 7 && hits.first?.score == 0)
    }

    @Test(arguments: [IndexKind.ivfFlat, .ivfSQ8, .ivfPQ])
    func anEmptyIndexBuildsAndFindsNothing(kind: IndexKind) throws {
        let index = try F.build(kind, .l2, ["nlist": 16], base: [])
        #expect(index.count == 0 && index.listCount == 0)
        #expect(F.searchAll(index, nprobe: 8).allSatisfy { $0.isEmpty })
        #expect(try IVFIndex.deserialize(index.serialized()).serialized() == index.serialized())
    }

    @Test(arguments: [IndexKind.ivfFlat, .ivfSQ8, .ivfPQ])
    func theSameSeedBuildsTheSameIndex(kind: IndexKind) throws {
        let base = Array(F.data.base[0..<(3000 * F.dimension)])
        let a = try F.build(kind, .l2, ["nlist": 16], base: base, seed: 5)
        let b = try F.build(kind, .l2, ["nlist": 16], base: base, seed: 5)
        #expect(a.serialized() == b.serialized())
    }

    @Test func pqMemoryPerRowIsTheCodePlusTheRowID() throws {
        let index = try F.build(.ivfPQ, .l2, ["nlist": 64, "m": 8, "nbits": 8])
        #expect(index.codeByteCount == 8)
        let small = try F.build(.ivfPQ, .l2, ["nlist": 64, "m": 8, "nbits": 8], base: Array(F.data.base[0..<(4000 * F.dimension)]))
        // The fixed part (centroids, codebooks, offsets) is the same for both; each extra row costs m + 4 bytes.
        #expect(index.memoryByteCount - small.memoryByteCount == (F.baseCount - 4000) * (8 + 4))
    }

    @Test(arguments: [1, 3, 5, 12, 16])
    func pqPacksEveryNbits(nbits: Int) throws {
        let base = Array(F.data.base[0..<(600 * F.dimension)])
        let index = try F.build(.ivfPQ, .l2, ["nlist": 8, "m": 4, "nbits": nbits], base: base)
        #expect(index.codeByteCount == (4 * nbits + 7) / 8)
        let hits = base.withUnsafeBufferPointer {
            index.search(UnsafeBufferPointer(rebasing: $0[0..<F.dimension]), k: 5,
                         parameters: IndexSearchParameters(nprobe: 8), allowed: nil)
        }
        #expect(hits.count == 5)
        if nbits >= 10 { #expect(hits.first?.row == 0) }  // 600 rows < 2^nbits: every row is a codeword
    }

    @Test func specValidationNamesTheParameter() {
        func message(_ kind: IndexKind, _ parameters: [String: Int]) -> String? {
            do {
                _ = try F.build(kind, .l2, parameters, base: Array(F.data.base[0..<(100 * F.dimension)]))
                return nil
            } catch {
                return (error as? IndexSpecError)?.message
            }
        }
        #expect(message(.ivfPQ, ["m": 5]) == "IVF_PQ parameter m = 5 must divide the dimension 32")
        #expect(message(.ivfPQ, ["m": 8, "nbits": 0]) == "IVF_PQ parameter nbits = 0 is outside 1...16")
        #expect(message(.ivfPQ, ["m": 8, "nbits": 17]) == "IVF_PQ parameter nbits = 17 is outside 1...16")
        #expect(message(.ivfFlat, ["nlist": 0]) == "IVF_FLAT parameter nlist = 0 is outside 1...65536")
        #expect(message(.hnsw, [:]) == "IVFIndex builds IVF_FLAT, IVF_SQ8 or IVF_PQ, not HNSW")
        #expect(message(.ivfSQ8, ["m": 8])?.contains("has no build parameter 'm'") == true)
        let ragged = [Float](repeating: 1, count: 33)
        #expect(throws: IndexSpecError.self) {
            try ragged.withUnsafeBufferPointer {
                try IVFIndex.build(spec: IndexSpec(kind: .ivfFlat, metric: .l2), vectors: $0, dimension: 32)
            }
        }
    }
}
