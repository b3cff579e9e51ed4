// ANN indexes inside the database: configured per field, built per segment by the Compactor,
// persisted beside the segment, loaded at open, searched together with exact stores, and
// never returning a deleted row.

import Foundation
import Quiver
import QuiverFileSystem
import QuiverTestSupport
import Testing

@Suite struct IndexIntegrationTests {
    static let dimension = 16

    static func options() -> DatabaseOptions {
        var options = DatabaseOptions(durability: .sync, flushInterval: .seconds(3600))
        options.compaction.isEnabled = false
        options.indexBuildThresholdRows = 500
        return options
    }

    /// 3 segments of 1,000 rows (indexed) and 100 rows in the buffer (exact).
    static func load(_ docs: Quiver.Collection) async throws -> [[Float]] {
        let vectors = ClusteredDataGenerator(clusterCount: 12).generate(count: 3100, dimension: dimension, seed: 7)
        for segment in 0..<3 {
            let range = (segment * 1000)..<((segment + 1) * 1000)
            try await docs.insert(ids: range.map { .int(Int64($0)) }, vectors: Array(vectors[range]))
            try await docs.flush()
        }
        try await docs.insert(ids: (3000..<3100).map { .int(Int64($0)) }, vectors: Array(vectors[3000..<3100]))
        return vectors
    }

    func recall(_ docs: Quiver.Collection, vectors: [[Float]], live: [Int], metric: Metric, ef: Int? = nil,
                nprobe: Int? = nil) async throws -> Double {
        let queries = ClusteredDataGenerator(clusterCount: 12).generate(count: 40, dimension: Self.dimension, seed: 99)
        let truth = BruteForceOracle.search(queries, in: live.map { vectors[$0] }, ids: live, k: 10, metric: metric)
        let results = try await docs.search(queries, k: 10, ef: ef, nprobe: nprobe)
        let resultIDs = results.map { $0.compactMap { $0.id.intValue.map(Int.init) } }
        return Recall.at(10, of: resultIDs, truth: truth.map { $0.map(\.id) })
    }

    @Test(arguments: [Metric.l2, .innerProduct, .cosine])
    func hnswIsBuiltPerSegmentPersistedAndSearched(metric: Metric) async throws {
        let fs = MemoryFileSystem()
        let db = try await Database.open(at: "/db", options: Self.options(), fileSystem: fs)
        let docs = try await db.createCollection("docs", schema: .simple(dimension: Self.dimension, metric: metric))
        let vectors = try await Self.load(docs)
        try await docs.createIndex(spec: IndexSpec(kind: .hnsw, metric: metric, parameters: ["M": 16, "efConstruction": 100]))
        #expect(try await docs.buildIndexes() == 3)
        let status = try #require(await docs.indexes().first)
        #expect(status.state == "Finished")
        #expect(status.indexedRows == 3000)
        #expect(status.pendingRows == 100)
        #expect(try await recall(docs, vectors: vectors, live: Array(0..<3100), metric: metric, ef: 64) >= 0.95)

        // Deleted rows never come back through the index.
        let deleted = Array(stride(from: 0, to: 3100, by: 3))
        try await docs.delete(ids: deleted.map { .int(Int64($0)) })
        let hits = try await docs.search(Array(vectors.prefix(30)), k: 20, ef: 64)
        #expect(hits.allSatisfy { $0.allSatisfy { Int($0.id.intValue!) % 3 != 0 } })
        let live = (0..<3100).filter { $0 % 3 != 0 }
        #expect(try await recall(docs, vectors: vectors, live: live, metric: metric, ef: 64) >= 0.9)
        await db.close()

        // Reopen: the indexes are loaded, not rebuilt.
        let reopened = try await Database.open(at: "/db", options: Self.options(), fileSystem: fs)
        let again = try reopened.collection("docs")
        #expect(await again.indexes().first?.indexedRows == live.filter { $0 < 3000 }.count)
        #expect(try await recall(again, vectors: vectors, live: live, metric: metric, ef: 64) >= 0.9)
        await reopened.close()
    }

    @Test func flatAndIVFWithFullProbeAreExact() async throws {
        for spec in [IndexSpec(kind: .flat, metric: .l2), IndexSpec(kind: .ivfFlat, metric: .l2, parameters: ["nlist": 16])] {
            let db = try await Database.open(at: "/db", options: Self.options(), fileSystem: MemoryFileSystem())
            let docs = try await db.createCollection("docs", schema: .simple(dimension: Self.dimension))
            let vectors = try await Self.load(docs)
            try await docs.createIndex(spec: spec)
            try await docs.buildIndexes()
            #expect(try await recall(docs, vectors: vectors, live: Array(0..<3100), metric: .l2, nprobe: 16) == 1.0)
            await db.close()
        }
    }

    @Test func aSecondIndexWithTheSameNameIsRefused() async throws {
        let db = try await Database.open(at: "/db", options: Self.options(), fileSystem: MemoryFileSystem())
        let schema = CollectionSchema(fields: [.int64PrimaryKey("id"), .floatVector("vector", dimension: Self.dimension),
                                               FieldSchema(name: "year", dataType: .int64)])
        let docs = try await db.createCollection("docs", schema: schema)
        try await docs.createIndex(field: "vector", name: "main", spec: IndexSpec(kind: .hnsw, metric: .l2))
        do {
            try await docs.createIndex(field: "year", name: "main", spec: IndexSpec(kind: .stlSort, metric: .l2))
            Issue.record("a second index named 'main' was accepted")
        } catch let error as QuiverError {
            #expect(error.code == .alreadyExists)
            #expect(error.message.contains("'main'") && error.message.contains("'vector'"))
        }
        #expect(await docs.indexes().map(\.indexName) == ["main"])
        try await docs.createIndex(field: "year", name: "by_year", spec: IndexSpec(kind: .stlSort, metric: .l2))
        #expect(await docs.indexes().count == 2)
        await db.close()
    }

    @Test func badIndexSpecsAreRefusedNamingTheParameter() async throws {
        let db = try await Database.open(at: "/db", options: Self.options(), fileSystem: MemoryFileSystem())
        let docs = try await db.createCollection("docs", schema: .simple(dimension: Self.dimension))
        await #expect(throws: QuiverError.self) {
            try await docs.createIndex(spec: IndexSpec(kind: .ivfPQ, metric: .l2, parameters: ["m": 5]))
        }
        do {
            try await docs.createIndex(spec: IndexSpec(kind: .hnsw, metric: .l2, parameters: ["M": 1]))
            Issue.record("M = 1 was accepted")
        } catch let error as QuiverError {
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains("M"))
        }
        await #expect(throws: QuiverError.self) {
            try await docs.createIndex(spec: IndexSpec(kind: .binFlat, metric: .hamming))
        }
        await #expect(throws: QuiverError.self) {
            _ = try await docs.search([[Float](repeating: 0, count: Self.dimension)], k: 10, ef: 5)
        }
        #expect(await docs.indexes().isEmpty)
        await db.close()
    }

    @Test func flatOnABinaryFieldIsStoredAsBinFlatAndBuildsOnce() async throws {
        let db = try await Database.open(at: "/db", options: Self.options(), fileSystem: MemoryFileSystem())
        let schema = CollectionSchema(fields: [.int64PrimaryKey(), .binaryVector("bits", dimension: 64)])
        let docs = try await db.createCollection("bits", schema: schema)
        let rows: [Row] = (0 ..< 600).map { id in
            ["id": .int(Int64(id)), "bits": .binaryVector((0 ..< 8).map { UInt8(truncatingIfNeeded: id &* 31 &+ $0 &* 7) })]
        }
        try await docs.insert(rows)
        try await docs.flush()
        let stored = try await docs.createIndex(spec: IndexSpec(kind: .flat, metric: .hamming))
        #expect(stored.kind == .binFlat)
        // Before the fix the built BIN_FLAT file never matched the catalog's FLAT spec: the
        // pass deleted it and built again without end.
        #expect(try await docs.buildIndexes() == 1)
        #expect(await docs.indexes().first?.indexedRows == 600)
        await db.close()
    }

    @Test func aCorruptIndexFileStopsTheOpenNamingTheFile() async throws {
        let fs = MemoryFileSystem()
        let db = try await Database.open(at: "/db", options: Self.options(), fileSystem: fs)
        let docs = try await db.createCollection("docs", schema: .simple(dimension: Self.dimension))
        _ = try await Self.load(docs)
        try await docs.createIndex(spec: IndexSpec(kind: .hnsw, metric: .l2))
        try await docs.buildIndexes()
        await db.close()
        let indexPath = try #require(fs.allFilePaths().first { $0.hasSuffix(".qidx") })
        var bytes = try fs.readFile(atPath: indexPath)
        bytes[bytes.count / 2] ^= 0x40
        let file = try fs.createFile(atPath: indexPath)
        try file.append(bytes)
        try file.sync()
        try file.close()
        do {
            _ = try await Database.open(at: "/db", options: Self.options(), fileSystem: fs)
            Issue.record("a corrupt index file was accepted")
        } catch let error as QuiverError {
            #expect(error.code == .corruption)
            #expect(error.message.contains((indexPath as NSString).lastPathComponent))
        }
    }
}
