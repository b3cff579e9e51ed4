// Filtered search end to end at the selectivities the issue names (0.1%, 1%, 10%, 50%, 99% of
// rows passing), on an HNSW-indexed segment plus a buffer, against a brute-force oracle over
// exactly the rows that pass: recall@10 stays high across the range (the planner switches to
// an exact scan of the passing rows when few pass) and no row outside the filter is returned.

import Quiver
import QuiverKernels
import QuiverTestSupport
import Testing

@Suite struct FilteredSearchSelectivityTests {
    static let dimension = 16
    static let rowCount = 6000

    @Test func recallHoldsAndNothingLeaksAtEverySelectivity() async throws {
        var options = TestDatabase.manualFlushOptions()
        options.indexBuildThresholdRows = 1000
        let schema = CollectionSchema(fields: [.int64PrimaryKey("id"), .floatVector("vector", dimension: Self.dimension),
                                               FieldSchema(name: "bucket", dataType: .int32)])
        let (_, database, collection) = try await TestDatabase.withCollection(schema, options: options)
        let vectors = ClusteredDataGenerator(clusterCount: 12).generate(count: Self.rowCount, dimension: Self.dimension, seed: 21)
        var random = SeededRandom(seed: 4)
        let buckets = (0..<Self.rowCount).map { _ in Int(random.next() % 1000) }
        let rows: [Row] = (0..<Self.rowCount).map {
            ["id": .int(Int64($0)), "vector": .floatVector(vectors[$0]), "bucket": .int(Int64(buckets[$0]))]
        }
        try await collection.insert(Array(rows[0..<5000]))
        try await collection.flush()
        try await collection.createIndex(spec: IndexSpec(kind: .hnsw, metric: .l2, parameters: ["M": 16, "efConstruction": 100]))
        #expect(try await collection.buildIndexes() == 1)
        try await collection.insert(Array(rows[5000...]))   // stays in the buffer: searched exactly

        let queries = ClusteredDataGenerator(clusterCount: 12).generate(count: 20, dimension: Self.dimension, seed: 99)
        for cut in [1, 10, 100, 500, 990] {
            let passing = (0..<Self.rowCount).filter { buckets[$0] < cut }
            let truth = BruteForceOracle.search(queries, in: passing.map { vectors[$0] }, ids: passing.map { Int64($0) },
                                                k: 10, metric: .l2).map { $0.map(\.id) }
            let found = try await collection.search(queries, k: 10, ef: 128, filter: "bucket < \(cut)").map { hits in
                hits.compactMap { hit -> Int64? in if case .int(let id) = hit.id { id } else { nil } }
            }
            for hits in found { #expect(hits.allSatisfy { buckets[Int($0)] < cut }, "a row outside bucket < \(cut) was returned") }
            let recall = Recall.at(10, of: found, truth: truth)
            #expect(recall >= 0.9, "recall@10 \(recall) at \(Double(cut) / 10)% passing")
        }
        await database.close()
    }

    // A buffer that upserts keep rewriting is mostly deleted rows: the planner scores only its
    // live rows (and only the live rows of a mostly deleted segment). The answer is exact, so it
    // must equal the oracle's over the live rows, with and without a filter, for COSINE too
    // (the selective path must score a row as the full scan does).
    @Test(arguments: [Metric.l2, .cosine])
    func aMostlyDeletedStoreAnswersExactlyOverItsLiveRows(metric: Metric) async throws {
        let schema = CollectionSchema(fields: [.int64PrimaryKey("id"), .floatVector("vector", dimension: Self.dimension, metric: metric),
                                               FieldSchema(name: "bucket", dataType: .int32)])
        let (_, database, collection) = try await TestDatabase.withCollection(schema, options: TestDatabase.manualFlushOptions())
        let vectors = ClusteredDataGenerator(clusterCount: 12).generate(count: 2000, dimension: Self.dimension, seed: 8)
        func rows(_ ids: Range<Int>) -> [Row] {
            ids.map { ["id": .int(Int64($0)), "vector": .floatVector(vectors[$0]), "bucket": .int(Int64($0 % 7))] }
        }
        try await collection.insert(rows(0..<1000))
        try await collection.flush()                    // a segment, then mostly deleted below
        try await collection.insert(rows(1000..<2000))  // the buffer, mostly deleted below
        let deleted: [PrimaryKey] = (0..<2000).filter { $0 % 50 != 0 }.map { .int(Int64($0)) }
        #expect(try await collection.delete(ids: deleted) == deleted.count)
        let live = (0..<2000).filter { $0 % 50 == 0 }

        let queries = ClusteredDataGenerator(clusterCount: 12).generate(count: 8, dimension: Self.dimension, seed: 3)
        for (filter, passing) in [(nil as String?, live), ("bucket < 3", live.filter { $0 % 7 < 3 })] {
            let truth = BruteForceOracle.search(queries, in: passing.map { vectors[$0] }, ids: passing.map { Int64($0) },
                                                k: 10, metric: metric)
            let found = try await collection.search(queries, k: 10, filter: filter)
            for (hits, expected) in zip(found, truth) {
                // The same rows (the oracle ranks in Double precision, so only near-ties could reorder).
                #expect(Set(hits.map(\.id)) == Set(expected.map { PrimaryKey.int($0.id) }), "filter \(filter ?? "none")")
            }
        }
        await database.close()
    }
}
