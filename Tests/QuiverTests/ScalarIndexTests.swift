// Scalar indexes (STL_SORT / INVERTED): query, count, delete and filtered search give the same
// rows with the index as without it, for equality, `in`, ranges with integer and fractional
// bounds, strings and bools, mixed with unindexed predicates, `or` and nulls; the index is
// really used on committed segments; bad index requests are refused and change nothing; the
// spec survives a restart. Without an index, filters made only of field restrictions run as
// typed column scans (RestrictionScan): checked here against the general evaluator.

import Foundation
import Quiver
import QuiverFileSystem
import QuiverFilter
import QuiverKernels
import QuiverQuery
import QuiverTestSupport
import Testing

@Suite struct ScalarIndexTests {
    static let dimension = 4

    static var schema: CollectionSchema {
        CollectionSchema(fields: [
            .int64PrimaryKey("id"),
            .floatVector("vector", dimension: dimension),
            FieldSchema(name: "age", dataType: .int32, nullable: true),
            FieldSchema(name: "score", dataType: .double),
            FieldSchema(name: "tag", dataType: .varChar, maxLength: 8),
            FieldSchema(name: "flag", dataType: .bool),
            FieldSchema(name: "meta", dataType: .json, nullable: true),
        ])
    }

    static let filters = [
        "age == 17", "age in [3, 17, 40, 1000]", "age > 80", "age >= 10 and age < 12", "5 < age <= 7",
        "age > 79.5", "age <= 2.0001", "age == 3.5", "age < -1", "age > 1.0e30",
        "score < 0.25", "score >= 0.5 and score <= 0.52", "score == 1", "score > 9007199254740993",
        "tag == 'c'", "tag in ['a', 'zz']", "tag > 'b'", "tag <= 'a'",
        "flag == true", "flag == false and age < 30",
        "age == 17 or tag == 'a'", "not (age == 17)", "age != 17 and tag == 'b'",
        "age == 17 and score > 0.5", "age is null", "age in [17, 18] and tag in ['a', 'b'] and flag",
        "id < 100 and age > 50", "age == 17 and tag == 'nothing'",
    ]

    /// 3,000 rows in three committed segments and a buffer; every 7th id deleted; age null for
    /// ids divisible by 13.
    static func load(_ collection: Quiver.Collection) async throws {
        var random = SeededRandom(seed: 9)
        for chunk in stride(from: 0, to: 3000, by: 800) {
            let rows: [Row] = (chunk..<min(chunk + 800, 3000)).map { id in
                let vector = (0..<dimension).map { _ in random.nextFloat() }
                return ["id": .int(Int64(id)), "vector": .floatVector(vector),
                        "age": id % 13 == 0 ? .null : .int(Int64(random.next() % 90)),
                        "score": .double(Double(random.next() % 1000) / 1000),
                        "tag": .string(["a", "b", "c", "d"][Int(random.next() % 4)]),
                        "flag": .bool(random.next() % 3 == 0), "meta": .null]
            }
            try await collection.insert(rows)
            if chunk < 2400 { try await collection.flush() }
        }
        try await collection.delete(ids: stride(from: 0, to: 3000, by: 7).map { .int(Int64($0)) })
    }

    static func ids(_ rows: [Row]) -> [Int64] {
        rows.compactMap { if case .int(let id) = $0["id"] { id } else { nil } }.sorted()
    }

    @Test func indexedReadsEqualUnindexedReadsForEveryFilterShape() async throws {
        let (_, database, collection) = try await TestDatabase.withCollection(Self.schema)
        try await Self.load(collection)
        var before: [String: [Int64]] = [:]
        var counts: [String: Int] = [:]
        for filter in Self.filters {
            before[filter] = Self.ids(try await collection.query(filter: filter, outputFields: ["id"]))
            counts[filter] = try await collection.count(filter: filter)
        }
        let query: [Float] = [0.5, 0.5, 0.5, 0.5]
        let searchBefore = try await collection.search([query], k: 20, filter: "age in [3, 17, 40]")

        for (field, kind) in [("age", IndexKind.stlSort), ("score", .inverted), ("tag", .autoIndex), ("flag", .stlSort)] {
            try await collection.createScalarIndex(field: field, kind: kind)
        }
        for filter in Self.filters {
            let after = Self.ids(try await collection.query(filter: filter, outputFields: ["id"]))
            #expect(after == before[filter], "query '\(filter)'")
            #expect(try await collection.count(filter: filter) == counts[filter], "count '\(filter)'")
        }
        let searchAfter = try await collection.search([query], k: 20, filter: "age in [3, 17, 40]")
        #expect(searchAfter[0].map(\.id) == searchBefore[0].map(\.id))
        // The committed segments sorted their indexed columns; the buffer has none.
        let stores = collection.writer.versions.version.stores
        #expect(stores.filter(\.isCommitted).allSatisfy { $0.store.builtSortedIndexFields.isSuperset(of: ["age", "score", "tag", "flag"]) })
        #expect(stores.filter { !$0.isCommitted }.allSatisfy { $0.store.builtSortedIndexFields.isEmpty })

        // Delete by an indexed filter removes exactly the rows it names.
        let doomed = before["age in [3, 17, 40, 1000]"]!
        #expect(try await collection.delete(filter: "age in [3, 17, 40, 1000]") == doomed.count)
        #expect(try await collection.count(filter: "age in [3, 17, 40]") == 0)
        await database.close()
    }

    /// Rows as the filter evaluator sees them, for the reference answer.
    struct Rows: FilterRowSource {
        let rows: [[String: FilterValue]]
        var rowCount: Int { rows.count }
        func value(of field: String, row: Int) -> FilterValue { rows[row][field] ?? .null }

        init(_ rows: [Row]) {
            self.rows = rows.map { row in
                row.mapValues { value -> FilterValue in
                    switch value {
                    case .int(let v): .int(v)
                    case .double(let v): .double(v)
                    case .float(let v): .double(Double(v))
                    case .string(let v): .string(v)
                    case .bool(let v): .bool(v)
                    default: .null
                    }
                }
            }
        }
    }

    @Test func columnScansOfRestrictionsAgreeWithTheEvaluator() async throws {
        let (_, database, collection) = try await TestDatabase.withCollection(Self.schema)
        try await Self.load(collection)
        let everything = try await collection.query(filter: "", outputFields: ["id", "age", "score", "tag", "flag"])
        let reference = Rows(everything)
        let filterSchema = RowSelection.filterSchema(for: Self.schema)
        let extra = ["id < 100", "id in [1, 2, 3, 2999, 5000]", "id >= 2990.5", "score == 0", "score > -1 and score < 2",
                     "age >= 89", "tag >= 'a' and tag < 'c'", "flag != true", "age in []", "score in [0.5, 0.25, 3]"]
        for expression in Self.filters + extra {
            let filter = try Filter.parse(expression, schema: filterSchema)
            let bits = filter.evaluate(reference)
            let expected = bits.setIndices().compactMap { row -> Int64? in
                if case .int(let id) = everything[row]["id"] { id } else { nil }
            }.sorted()
            #expect(Self.ids(try await collection.query(filter: expression, outputFields: ["id"])) == expected, "'\(expression)'")
        }
        await database.close()
    }

    @Test func describedAndKeptAcrossRestartAndDrop() async throws {
        let fileSystem = MemoryFileSystem()
        var database = try await TestDatabase.open(fileSystem)
        var collection = try await database.createCollection("c", schema: Self.schema)
        try await Self.load(collection)
        try await collection.createScalarIndex(field: "age")
        let status = try #require(await collection.indexes().first { $0.fieldName == "age" })
        #expect(status.spec.kind == .inverted)
        #expect(status.indexedRows == 2400 - 2400 / 7 - 1)   // committed rows 0..<2400, live
        let expected = Self.ids(try await collection.query(filter: "age == 17"))
        await database.close()

        database = try await TestDatabase.open(fileSystem)
        collection = try database.collection("c")
        #expect(await collection.indexes().map(\.fieldName).contains("age"))
        #expect(Self.ids(try await collection.query(filter: "age == 17")) == expected)
        #expect(collection.writer.versions.version.scalarIndexedFields == ["age"])
        try await collection.dropIndex(field: "age")
        #expect(collection.writer.versions.version.scalarIndexedFields.isEmpty)
        #expect(Self.ids(try await collection.query(filter: "age == 17")) == expected)
        await database.close()
    }

    @Test func badScalarIndexRequestsAreRefusedAndChangeNothing() async throws {
        let (_, database, collection) = try await TestDatabase.withCollection(Self.schema)
        await #expect(throws: QuiverError.self) { try await collection.createScalarIndex(field: "meta") }
        await #expect(throws: QuiverError.self) { try await collection.createScalarIndex(field: "nope") }
        await #expect(throws: QuiverError.self) {
            try await collection.createIndex(field: "age", spec: IndexSpec(kind: .hnsw, metric: .l2))
        }
        await #expect(throws: QuiverError.self) {
            try await collection.createIndex(field: "age", spec: IndexSpec(kind: .stlSort, metric: .l2, parameters: ["nlist": 4]))
        }
        await #expect(throws: QuiverError.self) {
            try await collection.createIndex(field: "vector", spec: IndexSpec(kind: .stlSort, metric: .l2))
        }
        #expect(await collection.indexes().isEmpty)
        do {
            try await collection.createScalarIndex(field: "meta")
        } catch let error as QuiverError {
            #expect("\(error)".contains("meta") && "\(error)".contains("JSON"))
        }
        await database.close()
    }
}
