// Filters end to end: query, count, delete and search restricted by Milvus expressions, on
// segments and buffers alike, checked against the same predicate written in Swift.

import Foundation
import Quiver
import QuiverFileSystem
import QuiverTestSupport
import Testing

@Suite struct FilterIntegrationTests {
    static let dimension = 8
    static let colors = ["red", "green", "blue", "amber"]

    static var schema: CollectionSchema {
        CollectionSchema(fields: [
            .int64PrimaryKey("id"),
            .floatVector("vector", dimension: dimension),
            FieldSchema(name: "age", dataType: .int32),
            FieldSchema(name: "color", dataType: .varChar, maxLength: 16),
            FieldSchema(name: "tags", dataType: .array, maxLength: 8, elementType: .varChar, maxCapacity: 4),
            FieldSchema(name: "meta", dataType: .json, nullable: true),
        ], enableDynamicField: true)
    }

    struct Item {
        let id: Int
        let vector: [Float]
        var age: Int { id % 90 }
        var color: String { colors[id % 4] }
        var tags: [String] { id % 5 == 0 ? ["x", "y"] : ["y"] }
        var metaK: Int? { id % 7 == 0 ? nil : id % 3 }
        var lang: String { id % 2 == 0 ? "en" : "fr" }

        var row: Row {
            var row: Row = ["id": .int(Int64(id)), "vector": .floatVector(vector), "age": .int(Int64(age)),
                            "color": .string(color), "tags": .array(tags.map { .string($0) }), "lang": .string(lang)]
            row["meta"] = metaK.map { .json("{\"k\":\($0)}") } ?? .null
            return row
        }
    }

    static func options() -> DatabaseOptions {
        var options = DatabaseOptions(durability: .sync, flushInterval: .seconds(3600))
        options.compaction.isEnabled = false
        options.indexBuildThresholdRows = 500
        return options
    }

    /// 2,000 rows: three flushed segments and a buffer; ids divisible by 11 deleted.
    static func load(_ docs: Quiver.Collection) async throws -> [Item] {
        let vectors = ClusteredDataGenerator(clusterCount: 8).generate(count: 2000, dimension: dimension, seed: 3)
        let items = vectors.enumerated().map { Item(id: $0.offset, vector: $0.element) }
        for chunk in stride(from: 0, to: 2000, by: 600) {
            try await docs.insert(items[chunk..<min(chunk + 600, 2000)].map(\.row))
            if chunk < 1800 { try await docs.flush() }
        }
        try await docs.delete(ids: items.filter { $0.id % 11 == 0 }.map { .int(Int64($0.id)) })
        return items.filter { $0.id % 11 != 0 }
    }

    static let cases: [(String, @Sendable (Item) -> Bool)] = [
        ("age > 30 and color == \"red\"", { $0.age > 30 && $0.color == "red" }),
        ("color in [\"green\", \"amber\"] or age <= 3", { ["green", "amber"].contains($0.color) || $0.age <= 3 }),
        ("10 <= age < 20", { (10..<20).contains($0.age) }),
        ("array_contains(tags, \"x\")", { $0.tags.contains("x") }),
        ("meta[\"k\"] == 2", { $0.metaK == 2 }),
        ("meta is null", { $0.metaK == nil }),
        ("lang == \"en\" and id % 3 == 0", { $0.lang == "en" && $0.id % 3 == 0 }),
        ("$meta[\"lang\"] like \"f%\"", { $0.lang.hasPrefix("f") }),
        ("not (color == \"blue\")", { $0.color != "blue" }),
    ]

    @Test func queryAndCountMatchTheSwiftPredicate() async throws {
        let db = try await Database.open(at: "/db", options: Self.options(), fileSystem: MemoryFileSystem())
        let docs = try await db.createCollection("docs", schema: Self.schema)
        let items = try await Self.load(docs)
        for (expression, predicate) in Self.cases {
            let expected = Set(items.filter(predicate).map(\.id))
            let rows = try await docs.query(filter: expression, outputFields: ["id", "color"])
            let ids = rows.compactMap { row -> Int64? in
                if case .int(let id) = row["id"] { return id }
                return nil
            }
            #expect(Set(ids.map(Int.init)) == expected, "\(expression)")
            #expect(ids.count == expected.count, "\(expression): duplicates")
            #expect(try await docs.count(filter: expression) == expected.count, "\(expression)")
        }
        #expect(try await docs.count(filter: "") == items.count)
        // Paging: offset and limit walk the same order without overlap.
        let all = try await docs.query(filter: "age > 10", outputFields: ["id"]).compactMap { $0["id"] }
        let first = try await docs.query(filter: "age > 10", outputFields: ["id"], limit: 50).compactMap { $0["id"] }
        let second = try await docs.query(filter: "age > 10", outputFields: ["id"], limit: 50, offset: 50).compactMap { $0["id"] }
        #expect(first + second == Array(all.prefix(100)))
        // Template values keep user input out of the expression text.
        let templated = try await docs.count(filter: "color == {c} and age > {a}", templateValues: ["c": .string("red"), "a": .int(50)])
        #expect(templated == items.filter { $0.color == "red" && $0.age > 50 }.count)
        await db.close()
    }

    @Test func badFiltersAreRefusedWithTheirPosition() async throws {
        let db = try await Database.open(at: "/db", options: Self.options(), fileSystem: MemoryFileSystem())
        let docs = try await db.createCollection("docs", schema: Self.schema)
        for bad in ["age >", "age == \"old\"", "color in [", "vector > 1", "(((age > 1)"] {
            do {
                _ = try await docs.query(filter: bad)
                Issue.record("'\(bad)' was accepted")
            } catch let error as QuiverError {
                #expect(error.code == .invalidArgument, "\(bad)")
                #expect(error.message.hasPrefix("filter:"), "\(bad): \(error.message)")
            }
        }
        await #expect(throws: QuiverError.self) { try await docs.delete(filter: "  ") }
        await db.close()
    }

    @Test func filteredSearchReturnsOnlyMatchesAndKeepsRecallInTheHardMiddle() async throws {
        let db = try await Database.open(at: "/db", options: Self.options(), fileSystem: MemoryFileSystem())
        let docs = try await db.createCollection("docs", schema: Self.schema)
        let items = try await Self.load(docs)
        let queries = ClusteredDataGenerator(clusterCount: 8).generate(count: 20, dimension: Self.dimension, seed: 44)
        // Selectivities from ~0.5% (exact row-by-row path) to ~50%, exact segments first, then HNSW.
        let filters: [(String, @Sendable (Item) -> Bool)] = [
            ("age == 7", { $0.age == 7 }),
            ("age < 3", { $0.age < 3 }),
            ("age < 18", { $0.age < 18 }),
            ("color == \"red\" or color == \"blue\"", { $0.color == "red" || $0.color == "blue" }),
        ]
        for useIndex in [false, true] {
            if useIndex {
                try await docs.createIndex(spec: IndexSpec(kind: .hnsw, metric: .l2, parameters: ["M": 16, "efConstruction": 100]))
                #expect(try await docs.buildIndexes() == 3)
            }
            for (expression, predicate) in filters {
                let matching = items.filter(predicate)
                let truth = BruteForceOracle.search(queries, in: matching.map(\.vector), ids: matching.map(\.id), k: 10, metric: .l2)
                let hits = try await docs.search(queries, k: 10, ef: 64, filter: expression)
                let ids = hits.map { $0.compactMap { $0.id.intValue.map(Int.init) } }
                let allowed = Set(matching.map(\.id))
                #expect(ids.allSatisfy { $0.allSatisfy(allowed.contains) }, "\(expression)")
                let recall = Recall.at(10, of: ids, truth: truth.map { $0.map(\.id) })
                #expect(recall >= (useIndex ? 0.9 : 1.0), "\(expression) index \(useIndex): recall \(recall)")
            }
        }
        await db.close()
    }

    @Test func deleteByFilterIsDurableAndSparesLaterWrites() async throws {
        let fs = MemoryFileSystem()
        let db = try await Database.open(at: "/db", options: Self.options(), fileSystem: fs)
        let docs = try await db.createCollection("docs", schema: Self.schema)
        let items = try await Self.load(docs)
        let doomed = items.filter { $0.color == "amber" && $0.age > 40 }.count
        #expect(try await docs.delete(filter: "color == \"amber\" and age > 40") == doomed)
        #expect(try await docs.count(filter: "color == \"amber\" and age > 40") == 0)
        #expect(docs.count == items.count - doomed)
        await db.close()
        let reopened = try await Database.open(at: "/db", options: Self.options(), fileSystem: fs)
        let again = try reopened.collection("docs")
        #expect(again.count == items.count - doomed)
        #expect(try await again.count(filter: "color == \"amber\" and age > 40") == 0)
        await reopened.close()
    }
}
