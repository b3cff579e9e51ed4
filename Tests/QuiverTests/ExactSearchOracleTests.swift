// Exact search against BruteForceOracle: over several segments, the buffer and deletions, every
// metric returns the oracle's answer (recall 1.0, the same ids; distances within float tolerance,
// order free only among equal distances). The batch (BLAS) path equals one query at a time, and
// a search right after a write sees it.

import Quiver
import QuiverFileSystem
import QuiverTestSupport
import Testing

@Suite struct ExactSearchOracleTests {
    static let dimension = 24

    /// 2,000 clustered vectors written in 8 batches with a flush after batches 2, 4 and 6 (three
    /// segments and a buffer), deletes in segments and buffer, and an upsert over a segment row.
    static func populated(metric: Metric) async throws -> (Database, Collection, ReferenceModel, [[Float]]) {
        let generator = ClusteredDataGenerator(clusterCount: 12, spread: 0.3)
        let all = generator.generate(count: 2_000 + 40, dimension: dimension, seed: 42)
        let base = Array(all.prefix(2_000)), queries = Array(all.suffix(40))
        let (_, db, c) = try await TestDatabase.withCollection(.simple(dimension: dimension, metric: metric))
        var model = ReferenceModel()
        for batch in 0..<8 {
            let range = (batch * 250)..<((batch + 1) * 250)
            try await c.insert(ids: keys(range), vectors: Array(base[range]))
            model.insert(ids: keys(range), vectors: Array(base[range]))
            if [1, 3, 5].contains(batch) { try await c.flush() }
        }
        let deleted = keys(0..<2_000).enumerated().filter { $0.offset % 17 == 3 }.map(\.element)
        #expect(try await c.delete(ids: deleted) == deleted.count)
        model.delete(ids: deleted)
        let replaced: [Row] = [10, 300, 1_999].map { id in
            ["id": .int(id), "vector": .floatVector(base[Int(id)].map { -$0 })]
        }
        try await c.upsert(replaced)
        model.upsert(replaced)
        #expect(await c.statistics().segmentCount == 3)
        #expect(c.count == model.count)
        return (db, c, model, queries)
    }

    static func expectOracleAnswer(_ hits: [[SearchHit]], queries: [[Float]], model: ReferenceModel, k: Int,
                                   metric: Metric, sourceLocation: SourceLocation = #_sourceLocation) {
        let (ids, vectors) = model.floatVectors()
        let truth = BruteForceOracle.search(queries, in: vectors, ids: ids, k: k, metric: metric)
        #expect(Recall.at(k, of: hits.map { $0.map(\.id) }, truth: truth.map { $0.map(\.id) }) == 1.0,
                sourceLocation: sourceLocation)
        for (index, (result, expected)) in zip(hits, truth).enumerated() {
            #expect(result.map(\.id) == expected.map(\.id), "query \(index), \(metric)", sourceLocation: sourceLocation)
            let mismatch = Recall.rankingMismatch(ranked(result), truth: expected)
            #expect(mismatch == nil, "query \(index), \(metric): \(mismatch ?? "")", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [Metric.l2, .innerProduct, .cosine])
    func exactSearchEqualsTheOracle(metric: Metric) async throws {
        let (db, c, model, queries) = try await Self.populated(metric: metric)
        for k in [1, 10, 100] {
            let hits = try await c.search(Array(queries.prefix(5)), k: k)   // below the BLAS threshold: one at a time
            Self.expectOracleAnswer(hits, queries: Array(queries.prefix(5)), model: model, k: k, metric: metric)
        }
        // k beyond the row count returns every live row once.
        let everything = try await c.search([queries[0]], k: 5_000)
        #expect(everything[0].count == model.count)
        #expect(Set(everything[0].map(\.id)) == Set(model.ids))
        await db.close()
    }

    @Test(arguments: [Metric.l2, .innerProduct, .cosine])
    func batchOfQueriesEqualsOneAtATime(metric: Metric) async throws {
        let (db, c, model, queries) = try await Self.populated(metric: metric)
        let batch = Array(queries.prefix(20))
        let together = try await c.search(batch, k: 10)
        #expect(together.count == 20)
        var alone: [[SearchHit]] = []
        for query in batch { alone.append(try await c.search([query], k: 10)[0]) }
        for (index, (a, b)) in zip(together, alone).enumerated() {
            #expect(a.map(\.id) == b.map(\.id), "query \(index)")
            for (x, y) in zip(a, b) {
                #expect(abs(x.distance - y.distance) <= 1e-4 * max(1, abs(y.distance)), "query \(index)")
            }
        }
        Self.expectOracleAnswer(together, queries: batch, model: model, k: 10, metric: metric)
        // A different metric than the field's is honoured too.
        let other: Metric = metric == .l2 ? .innerProduct : .l2
        Self.expectOracleAnswer(try await c.search(batch, k: 10, metric: other), queries: batch, model: model, k: 10, metric: other)
        await db.close()
    }

    @Test(arguments: [Metric.hamming, .jaccard])
    func binarySearchEqualsTheOracle(metric: Metric) async throws {
        let generator = ClusteredDataGenerator(clusterCount: 8)
        let all = generator.generateBinary(count: 630, bitCount: 128, seed: 7, flipFraction: 0.15)
        let base = Array(all.prefix(600)), queries = Array(all.suffix(30))
        let schema = CollectionSchema(fields: [.int64PrimaryKey("id"), .binaryVector("bits", dimension: 128, metric: metric)])
        let (fs, db, c) = try await TestDatabase.withCollection(schema)
        var model = ReferenceModel()
        for batch in 0..<3 {
            let rows: [Row] = (batch * 200..<(batch + 1) * 200).map { ["id": .int(Int64($0)), "bits": .binaryVector(base[$0])] }
            try await c.insert(rows)
            model.insert(rows)
            if batch == 0 { try await c.flush() }
        }
        let deleted = keys(0..<600).filter { $0.intValue! % 11 == 0 }
        #expect(try await c.delete(ids: deleted) == deleted.count)
        model.delete(ids: deleted)

        let (ids, vectors) = model.binaryVectors(field: "bits")
        func check(_ c: Collection, _ when: String) async throws {
            for k in [1, 10, 50] {
                let hits = try await c.search(binary: queries, k: k)
                let truth = BruteForceOracle.search(binary: queries, in: vectors, ids: ids, k: k, metric: metric)
                for (index, (result, expected)) in zip(hits, truth).enumerated() {
                    // Binary distances tie often: the order among equal distances is free.
                    let mismatch = Recall.rankingMismatch(ranked(result), truth: expected, tolerance: 1e-6)
                    #expect(mismatch == nil, "\(when), \(metric) k \(k) query \(index): \(mismatch ?? "")")
                }
            }
        }
        try await check(c, "live")
        await db.close()
        // The segments written at flush and close must read back.
        let reopened = try await TestDatabase.open(fs)
        try await check(try reopened.collection("c"), "after reopen")
        await reopened.close()
    }

    @Test func searchRightAfterAWriteSeesIt() async throws {
        let (_, db, c) = try await TestDatabase.withCollection(.simple(dimension: 8))
        let vectors = ClusteredDataGenerator(clusterCount: 3).generate(count: 60, dimension: 8, seed: 3)
        for (index, vector) in vectors.enumerated() {
            try await c.insert(ids: [.int(Int64(index))], vectors: [vector])
            let hits = try await c.search([vector], k: 1)
            #expect(hits[0].first?.id == .int(Int64(index)))
            #expect(hits[0].first?.distance == 0)
            if index % 20 == 19 { try await c.flush() }
            if index % 7 == 6 {
                #expect(try await c.delete(ids: [.int(Int64(index))]) == 1)
                #expect(try await c.search([vector], k: 1)[0].first?.id != .int(Int64(index)))
                #expect(try await c.get(ids: [.int(Int64(index))]).isEmpty)
            }
        }
        await db.close()
    }
}
