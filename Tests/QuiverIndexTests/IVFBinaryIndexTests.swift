// IVFBinaryIndexTests: BIN_IVF_FLAT against the binary brute-force oracle: exact when every
// list is probed, filters respected, range windows, spec errors.

import QuiverIndex
import QuiverKernels
import QuiverTestOracle
import Testing

@Suite struct IVFBinaryIndexTests {
    static let bytesPerRow = 16
    static let base = IndexTestData.randomBinary(count: 8000, bytesPerRow: bytesPerRow, seed: 21)
    static let queries = IndexTestData.randomBinary(count: 50, bytesPerRow: bytesPerRow, seed: 22)

    static func build(_ metric: Metric, nlist: Int = 32) throws -> BinaryIVFIndex {
        try base.withUnsafeBufferPointer {
            try BinaryIVFIndex.build(spec: IndexSpec(kind: .binIVFFlat, metric: metric, parameters: ["nlist": nlist]),
                                     vectors: $0, dimension: bytesPerRow * 8)
        }
    }

    static func searchAll(_ index: BinaryIVFIndex, nprobe: Int, k: Int = 10, allowed: Bitset? = nil) -> [[IndexHit]] {
        queries.withUnsafeBufferPointer { q in
            (0..<50).map { i in
                index.search(UnsafeBufferPointer(rebasing: q[(i * bytesPerRow)..<((i + 1) * bytesPerRow)]), k: k,
                             parameters: IndexSearchParameters(nprobe: nprobe), allowed: allowed)
            }
        }
    }

    @Test(arguments: [Metric.hamming, .jaccard])
    func probingEveryListEqualsBruteForce(metric: Metric) throws {
        let index = try Self.build(metric)
        #expect(index.listCount == 32 && index.count == 8000)
        let hits = Self.searchAll(index, nprobe: 32)
        // Scores are integers (HAMMING) or exact ratios (JACCARD), so ties are real: compare scores and rows.
        for (q, queryHits) in hits.enumerated() {
            let scores = BruteForceOracle.binaryScores(query: Array(Self.queries[(q * Self.bytesPerRow)..<((q + 1) * Self.bytesPerRow)]),
                                                    base: Self.base, bytesPerRow: Self.bytesPerRow, metric: metric)
            let truth = BruteForceOracle.topRows(binaryQueries: Array(Self.queries[(q * Self.bytesPerRow)..<((q + 1) * Self.bytesPerRow)]),
                                                       base: Self.base, bytesPerRow: Self.bytesPerRow, metric: metric, k: 10)[0]
            #expect(queryHits.map(\.row) == truth)
            #expect(queryHits.map(\.score) == truth.map { scores[$0] })
        }
    }

    @Test func fewerProbesScanFewerRowsButStayValid() throws {
        let index = try Self.build(.hamming)
        let hits = Self.searchAll(index, nprobe: 2)
        #expect(hits.allSatisfy { $0.count == 10 && $0.allSatisfy { $0.row >= 0 && $0.row < 8000 } })
    }

    @Test func allowedRowsAreRespected() throws {
        let index = try Self.build(.hamming)
        let allowed = IndexTestData.randomAllowed(count: 8000, fraction: 0.2, seed: 5)
        let hits = Self.searchAll(index, nprobe: 32, allowed: allowed)
        #expect(hits.allSatisfy { $0.allSatisfy { allowed[$0.row] } })
        let truth = BruteForceOracle.topRows(binaryQueries: Self.queries, base: Self.base, bytesPerRow: Self.bytesPerRow,
                                                   metric: .hamming, k: 10, allowed: allowed)
        #expect(hits.map { $0.map(\.row) } == truth)
    }

    @Test func rangeSearchKeepsTheWindow() throws {
        let index = try Self.build(.hamming)
        let query = Array(Self.queries[0..<Self.bytesPerRow])
        let hits = query.withUnsafeBufferPointer {
            index.rangeSearch($0, radius: 52, rangeFilter: 48, limit: 10_000,
                              parameters: IndexSearchParameters(nprobe: 32), allowed: nil)
        }
        let scores = BruteForceOracle.binaryScores(query: query, base: Self.base, bytesPerRow: Self.bytesPerRow, metric: .hamming)
        let expected = scores.indices.filter { scores[$0] >= 48 && scores[$0] < 52 }
        #expect(Set(hits.map(\.row)) == Set(expected))
        #expect(hits.map(\.score) == hits.map(\.score).sorted())
    }

    @Test func specErrorsAreClear() {
        func message(_ spec: IndexSpec, dimension: Int) -> String? {
            do {
                _ = try Self.base.withUnsafeBufferPointer { try BinaryIVFIndex.build(spec: spec, vectors: $0, dimension: dimension) }
                return nil
            } catch {
                return (error as? IndexSpecError)?.message
            }
        }
        #expect(message(IndexSpec(kind: .binIVFFlat, metric: .l2), dimension: 128) == "index BIN_IVF_FLAT does not support metric L2")
        #expect(message(IndexSpec(kind: .binIVFFlat, metric: .hamming), dimension: 12) == "binary dimension must be a positive multiple of 8, got 12")
        #expect(message(IndexSpec(kind: .binIVFFlat, metric: .hamming, parameters: ["nlist": 70_000]), dimension: 128)
                == "BIN_IVF_FLAT parameter nlist = 70000 is outside 1...65536")
    }
}
