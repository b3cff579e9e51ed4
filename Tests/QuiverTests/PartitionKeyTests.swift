// Partition-key collections: rows are routed by a hash of the key field (PartitionKeyRouting),
// the routing holds across flush, WAL replay, compaction and restart, reads pruned by a filter
// that pins the key return exactly what a full scan returns, and manual partition operations
// are refused without changing anything.

import Foundation
import Quiver
import QuiverFileSystem
import QuiverStorage
import Testing

@Suite struct PartitionKeyTests {
    static let hashPartitionCount = 4

    /// id Int64 key, 4-d `vector`, `tenant` VarChar (the partition key when `keyed`), `score` Int32.
    static func schema(keyed: Bool) -> CollectionSchema {
        CollectionSchema(fields: [
            .int64PrimaryKey("id"),
            .floatVector("vector", dimension: 4),
            FieldSchema(name: "tenant", dataType: .varChar, maxLength: 16, isPartitionKey: keyed),
            FieldSchema(name: "score", dataType: .int32),
        ], hashPartitionCount: keyed ? hashPartitionCount : nil)
    }

    /// Ten tenants "t00"..."t09"; with 4 partitions they cover every one (checked below).
    static func tenant(_ id: Int) -> String { id == 1000 ? "e\u{301}" : "t0\(id % 10)" }

    static func row(_ id: Int, tenant: String? = nil) -> Row {
        let i = Float(id)
        return ["id": .int(Int64(id)), "tenant": .string(tenant ?? Self.tenant(id)), "score": .int(Int64(id % 7)),
                "vector": .floatVector([i.squareRoot(), Float((id * 37) % 101), Float((id * 53) % 97) / 7, 1])]
    }

    /// Live rows per hidden partition as the documented rule places them.
    static func expectedRowCounts(tenants: [Int: String]) -> [String: Int] {
        let routing = PartitionKeyRouting(schema: schema(keyed: true))!
        var counts = Dictionary(uniqueKeysWithValues: routing.partitions.keys.map { ($0, 0) })
        for tenant in tenants.values {
            let id = routing.partitionID(ofString: tenant)
            counts["_default_\(id - 1)", default: 0] += 1
        }
        return counts
    }

    static func rowCounts(_ collection: Collection) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for name in await collection.listPartitions() { counts[name] = try await collection.rowCount(partition: name) }
        return counts
    }

    @Test func routingHoldsAcrossFlushReplayCompactionAndRestart() async throws {
        let fs = MemoryFileSystem()
        var db = try await TestDatabase.open(fs)
        var docs = try await db.createCollection("docs", schema: Self.schema(keyed: true))
        #expect(await docs.listPartitions() == (0..<Self.hashPartitionCount).map { "_default_\($0)" })
        var tenants: [Int: String] = [:]
        for batch in [0..<40, 40..<80] {
            try await docs.insert(batch.map { Self.row($0) })
            for id in batch { tenants[id] = Self.tenant(id) }
            try await docs.flush()
        }
        // An upsert that changes the key moves the row to the key's new partition.
        try await docs.upsert([Self.row(3, tenant: "t09")])
        tenants[3] = "t09"
        try await docs.insert((80..<100).map { Self.row($0) })   // left in the WAL only
        for id in 80..<100 { tenants[id] = Self.tenant(id) }
        let expected = Self.expectedRowCounts(tenants: tenants)
        #expect(expected.values.filter { $0 > 0 }.count == Self.hashPartitionCount, "the fixture spreads rows over every partition")
        #expect(try await Self.rowCounts(docs) == expected)

        // A crash: the last batch comes back by WAL replay and is routed again, the same way.
        let image = fs.crashImage(.dropUnsynced)
        db = try await TestDatabase.open(image)
        docs = try db.collection("docs")
        #expect(try await Self.rowCounts(docs) == expected)
        try await docs.flush()
        try await docs.compact()
        #expect(try await Self.rowCounts(docs) == expected)
        await db.close()

        db = try await TestDatabase.open(image)
        docs = try db.collection("docs")
        #expect(try await Self.rowCounts(docs) == expected)
        #expect(docs.count == 100)
        #expect(try await docs.query(filter: "tenant == 't09'", outputFields: ["id"]).compactMap { $0["id"] }.contains(.int(3)))
        await db.close()
    }

    @Test func prunedReadsReturnWhatAFullScanReturns() async throws {
        let (_, db, keyed) = try await TestDatabase.withCollection(Self.schema(keyed: true), name: "keyed")
        let plain = try await db.createCollection("plain", schema: Self.schema(keyed: false))
        for collection in [keyed, plain] {
            try await collection.insert((0..<70).map { Self.row($0) })
            try await collection.flush()
            try await collection.insert((70..<120).map { Self.row($0) } + [Self.row(1000)])
            #expect(try await collection.delete(ids: (0..<120).filter { $0 % 11 == 0 }.map { .int(Int64($0)) }) == 11)
        }
        let filters = [
            "tenant == 't03'", "tenant in ['t01', 't07']", "tenant == 't03' and score > 2",
            "tenant == 't02' or tenant == 't05'", "score > 4", "tenant == 'nobody'",
            "tenant == 't01' and tenant == 't02'", "tenant == '\u{e9}'", "id < 50 and tenant in ['t00', 't08', 'zz']",
        ]
        let query: [Float] = [5, 40, 6, 1]
        for filter in filters {
            let keyedRows = try await keyed.query(filter: filter, outputFields: ["*"])
            let plainRows = try await plain.query(filter: filter, outputFields: ["*"])
            #expect(keyedRows.map { bitExact($0) } == plainRows.map { bitExact($0) }, "query \(filter)")
            #expect(try await keyed.count(filter: filter) == plainRows.count, "count \(filter)")
            let keyedHits = try await keyed.search([query], k: 7, filter: filter)[0]
            let plainHits = try await plain.search([query], k: 7, filter: filter)[0]
            #expect(keyedHits.map(\.id) == plainHits.map(\.id), "search \(filter)")
            #expect(keyedHits.map(\.distance) == plainHits.map(\.distance), "search \(filter)")
        }
        #expect(try await keyed.count(filter: "tenant == '\u{e9}'") == 1)
        let deleteFilter = "tenant in ['t04', 't06'] and score < 3"
        let deleted = try await keyed.delete(filter: deleteFilter)
        #expect(deleted > 0)
        #expect(try await plain.delete(filter: deleteFilter) == deleted)
        #expect(try await keyed.query(filter: "").map { bitExact($0) } == plain.query(filter: "").map { bitExact($0) })
        await db.close()
    }

    @Test func manualPartitionsAreRefusedAndChangeNothing() async throws {
        let (_, db, docs) = try await TestDatabase.withCollection(Self.schema(keyed: true))
        try await docs.insert((0..<10).map { Self.row($0) })
        let before = try await Self.rowCounts(docs)
        for error in [
            await expectQuiverError(.invalidArgument) { try await docs.createPartition("p1") },
            await expectQuiverError(.invalidArgument) { try await docs.dropPartition("_default_0") },
            await expectQuiverError(.invalidArgument) { try await docs.insert([Self.row(50)], partition: "_default_1") },
            await expectQuiverError(.invalidArgument) { try await docs.upsert([Self.row(1)], partition: "_default_1") },
            await expectQuiverError(.invalidArgument) { try await docs.search([[0, 0, 0, 1]], k: 1, partitions: ["_default_0"]) },
            await expectQuiverError(.invalidArgument) { try await docs.query(filter: "", partitions: ["_default_0"]) },
            await expectQuiverError(.invalidArgument) { try await docs.delete(filter: "id > 0", partition: "_default_0") },
        ] {
            #expect(error?.message.contains("partition key field 'tenant'") == true, "\(String(describing: error))")
        }
        #expect(docs.count == 10)
        #expect(await docs.listPartitions().count == Self.hashPartitionCount)
        #expect(try await Self.rowCounts(docs) == before)
        await db.close()
    }

    @Test(arguments: [
        ([FieldSchema(name: "a", dataType: .int64, isPartitionKey: true), FieldSchema(name: "b", dataType: .int64, isPartitionKey: true)], nil,
         "fields 'a', 'b' are all marked isPartitionKey; at most 1"),
        ([FieldSchema(name: "a", dataType: .int32, isPartitionKey: true)], nil, "field 'a' has type Int32; allowed Int64 or VarChar"),
        ([FieldSchema(name: "a", dataType: .int64, nullable: true, isPartitionKey: true)], nil, "field 'a' cannot be nullable"),
        ([FieldSchema(name: "a", dataType: .int64, isPartitionKey: true)], 0, "partitionsNum is 0; allowed 1...1024"),
        ([FieldSchema(name: "a", dataType: .int64, isPartitionKey: true)], 1025, "partitionsNum is 1025; allowed 1...1024"),
        ([FieldSchema(name: "a", dataType: .int64)], 8, "partitionsNum is 8, but no field is a partition key"),
    ] as [([FieldSchema], Int?, String)])
    func schemaRulesFollowMilvus(_ extra: [FieldSchema], _ partitionCount: Int?, _ message: String) async throws {
        let schema = CollectionSchema(fields: [.int64PrimaryKey("id"), .floatVector("v", dimension: 2)] + extra,
                                      hashPartitionCount: partitionCount)
        let fs = MemoryFileSystem()
        let db = try await TestDatabase.open(fs)
        let error = await expectQuiverError(.invalidArgument) { try await db.createCollection("c", schema: schema) }
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
        #expect(try db.listCollections().isEmpty)
        await db.close()
    }

    @Test func thePrimaryKeyCannotBeThePartitionKey() async throws {
        var key = FieldSchema.int64PrimaryKey("id")
        key.isPartitionKey = true
        let (_, db, _) = try await TestDatabase.withCollection(.simple(dimension: 2))
        let error = await expectQuiverError(.invalidArgument) {
            try await db.createCollection("keyed", schema: CollectionSchema(fields: [key, .floatVector("v", dimension: 2)]))
        }
        #expect(error?.message.contains("'id' cannot be both the primary key and the partition key") == true)
        await db.close()
    }

    /// Schemas stored before partition keys existed have no "isPartitionKey" key; they must
    /// decode, and other schemas must still encode without it.
    @Test func schemaJSONWithoutTheFlagStaysReadable() throws {
        let stored = #"{"autoID":false,"dataType":"Int64","description":"","isPrimaryKey":false,"name":"n","nullable":false}"#
        let decoded = try JSONDecoder().decode(FieldSchema.self, from: Data(stored.utf8))
        #expect(decoded == FieldSchema(name: "n", dataType: .int64))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(String(decoding: try encoder.encode(decoded), as: UTF8.self) == stored)
        let keyed = FieldSchema(name: "n", dataType: .int64, isPartitionKey: true)
        #expect(try JSONDecoder().decode(FieldSchema.self, from: encoder.encode(keyed)) == keyed)
        let schemaJSON = #"{"description":"","enableDynamicField":false,"fields":[\#(stored)]}"#
        #expect(try JSONDecoder().decode(CollectionSchema.self, from: Data(schemaJSON.utf8)).hashPartitionCount == nil)
    }
}
