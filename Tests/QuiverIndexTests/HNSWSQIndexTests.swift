// HNSWSQIndexTests: HNSW_SQ's promises, on the HNSW fixtures' graphs (the same graph, walked
// over SQ8 codes): a code score is the metric's distance to the decoded vector; with refine
// (the default) recall@10 >= 0.95 at ef 64 and the scores are exact; without refine the scores
// are the codes' and recall stays close; filters never leak; the bytes round-trip; the spec
// takes Milvus's words and refuses what is not built.

import QuiverTestOracle
import Testing
import QuiverKernels
import CQuiverSIMD
@testable import QuiverIndex

struct HNSWSQIndexTests {
    static func sqIndex(_ fixture: HNSWTestFixture, refine: Bool = true) -> HNSWIndex {
        var parameters = HNSWTestFixture.spec
        parameters["refine"] = refine ? 1 : 0
        return HNSWIndex(spec: IndexSpec(kind: .hnswSQ, metric: fixture.metric, parameters: parameters), graph: fixture.index.graph)
    }

    @Test(arguments: [Metric.l2, .innerProduct, .cosine])
    func codeScoresAreDistancesToTheDecodedVectors(metric: Metric) throws {
        let fixture = HNSWTestFixture.forMetric(metric)
        let codes = try #require(Self.sqIndex(fixture).codes)
        let d = HNSWTestFixture.dimension
        var query = [Float](fixture.query(0))
        if metric == .cosine {
            let norm = query.reduce(0) { $0 + $1 * $1 }.squareRoot()
            query = query.map { $0 / norm }
        }
        var weights = [Float](repeating: 0, count: d)
        let prepared = UnsafeMutableRawPointer.allocate(byteCount: quiver_sq8_prepared_bytes(d), alignment: 64)
        defer { prepared.deallocate() }
        let constant = query.withUnsafeBufferPointer { q in
            weights.withUnsafeMutableBufferPointer { codes.prepare(q.baseAddress!, weights: $0.baseAddress!, prepared: prepared) }
        }
        let nodes = (0..<UInt32(200)).map { $0 * 7 }
        var scores = [Float](repeating: 0, count: nodes.count)
        HNSWCodeSpace(codes: codes, prepared: prepared, constant: constant).score(nodes, nodes.count, into: &scores)
        // With the VNNI kernel the weights are rounded to int8 with one scale per query.
        let int8Step = quiver_sq8_simd_level() == 4 ? Double(weights.map(abs).max()!) / 127 : 0
        var decoded = [Float](repeating: 0, count: d)
        for (i, node) in nodes.enumerated() {
            let code = UnsafePointer((codes.records + Int(node) * codes.recordByteCount)
                .assumingMemoryBound(to: UInt8.self))
            decoded.withUnsafeMutableBufferPointer { codes.quantizer.decode(code, into: $0.baseAddress!) }
            let expected = metric == .l2
                ? zip(query, decoded).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }
                : -zip(query, decoded).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            let roundingBound = int8Step / 2 * (0..<d).reduce(0.0) { $0 + Double(code[$1]) }
            #expect(abs(Double(scores[i]) - expected) <= 1e-4 * max(1, abs(expected)) + roundingBound, "node \(node): \(scores[i]) vs \(expected)")
            // The decoded vector is within half a quantization step of the stored one.
            let stored = fixture.index.graph.vector(node)
            for j in 0..<d { #expect(abs(decoded[j] - stored[j]) <= codes.quantizer.scales[j] * 0.5001 + 1e-6) }
        }
    }

    @Test(arguments: [Metric.l2, .innerProduct, .cosine])
    func refinedSearchKeepsRecallWithExactScores(metric: Metric) {
        let fixture = HNSWTestFixture.forMetric(metric)
        let index = Self.sqIndex(fixture)
        let hits = fixture.searchAll(index)
        let recall = Recall.at(10, of: hits.map { $0.map(\.row) }, truth: fixture.truth)
        #expect(recall >= 0.95, "recall@10 \(recall) for \(metric)")
        for (i, queryHits) in hits.enumerated() {
            #expect(queryHits.count == 10)
            let scores = queryHits.map(\.score)
            #expect(scores == (metric.largerIsCloser ? scores.sorted(by: >) : scores.sorted()))
            let exact = BruteForceOracle.exactScores(query: fixture.query(i), base: fixture.base,
                                                  dimension: HNSWTestFixture.dimension, metric: metric)
            for hit in queryHits { #expect(abs(Double(hit.score) - exact[hit.row]) <= 1e-4 * max(1, abs(exact[hit.row]))) }
        }
    }

    @Test func unrefinedSearchReturnsCodeScores() {
        let fixture = HNSWTestFixture.l2
        let index = Self.sqIndex(fixture, refine: false)
        let hits = fixture.searchAll(index)
        let recall = Recall.at(10, of: hits.map { $0.map(\.row) }, truth: fixture.truth)
        #expect(recall >= 0.85, "recall@10 without refine \(recall)")
        let exact = BruteForceOracle.exactScores(query: fixture.query(0), base: fixture.base, dimension: HNSWTestFixture.dimension, metric: .l2)
        // Code scores are close to the exact ones but (almost surely) not all equal to them.
        #expect(hits[0].contains { Double($0.score) != exact[$0.row] })
        #expect(hits[0].allSatisfy { abs(Double($0.score) - exact[$0.row]) <= 0.05 * max(1, exact[$0.row]) })
    }

    @Test(arguments: [0.5, 0.02])
    func filteredSearchKeepsRecallAndNeverLeaks(fraction: Double) {
        let fixture = HNSWTestFixture.cosine
        let index = Self.sqIndex(fixture)
        let allowed = IndexTestData.randomAllowed(count: fixture.index.count, fraction: fraction, seed: 77)
        let truth = BruteForceOracle.topRows(queries: fixture.queries, base: fixture.base, dimension: HNSWTestFixture.dimension,
                                             metric: .cosine, k: 10, allowed: allowed)
        let hits = fixture.searchAll(index, allowed: allowed)
        #expect(hits.allSatisfy { $0.count == 10 && $0.allSatisfy { allowed[$0.row] } })
        let recall = Recall.at(10, of: hits.map { $0.map(\.row) }, truth: truth)
        #expect(recall >= 0.9, "recall@10 \(recall) with \(fraction) allowed")
    }

    @Test func roundTripKeepsResultsAndBytes() throws {
        let fixture = HNSWTestFixture.innerProduct
        let index = Self.sqIndex(fixture)
        let bytes = index.serialized()
        let reloaded = try IndexFactory.decodeFloat(bytes)
        #expect(reloaded.spec.kind == .hnswSQ && reloaded.serialized() == bytes)
        #expect(fixture.searchAll(try #require(reloaded as? HNSWIndex)) == fixture.searchAll(index))
        #expect(index.memoryByteCount > fixture.index.memoryByteCount)
    }

    @Test func specTakesMilvusWordsAndRefusesWhatIsNotBuilt() throws {
        let words = IndexSpec.symbolicParameterValues
        try IndexSpec(kind: .hnswSQ, metric: .l2, parameters: ["sq_type": words["sq_type"]!["SQ8"]!, "refine": 1,
                                                               "refine_type": words["refine_type"]!["FP32"]!]).validate(dimension: 8)
        #expect(throws: IndexSpecError("HNSW_SQ parameter sq_type = SQ6 is not supported; supported: SQ8")) {
            try IndexSpec(kind: .hnswSQ, metric: .l2, parameters: ["sq_type": 6]).validate(dimension: 8)
        }
        #expect(throws: IndexSpecError("HNSW_SQ parameter refine_type = FP16 is not supported; supported: FP32")) {
            try IndexSpec(kind: .hnswSQ, metric: .l2, parameters: ["refine_type": 16]).validate(dimension: 8)
        }
        #expect(throws: IndexSpecError.self) { try IndexSpec(kind: .hnsw, metric: .l2, parameters: ["sq_type": 8]).validate(dimension: 8) }
    }
}
