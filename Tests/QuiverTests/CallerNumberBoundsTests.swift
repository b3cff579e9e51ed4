// Numbers from callers never trap or allocate without bound (issue 11's audit): each case here
// reached a trap or a multi-gigabyte allocation before its fix: Int64.min compared with a Double
// column (abs(Int64.min) traps), an explicit key at Int64.max in an autoID collection (key + 1
// overflowed, and later auto keys would have too), rows x dimension reserved before any row was
// checked, efConstruction sizing the build's lists up to 2^31, IVF_PQ codebooks of 2^16 x 32768.

import Quiver
import QuiverFileSystem
import Testing

@Suite struct CallerNumberBoundsTests {
    static func open() async throws -> Database {
        try await Database.open(at: "/db", fileSystem: MemoryFileSystem())
    }

    @Test func int64MinAgainstADoubleColumnIsACompareNotATrap() async throws {
        let database = try await Self.open()
        let schema = CollectionSchema(fields: [.int64PrimaryKey(), .floatVector(dimension: 2),
                                               FieldSchema(name: "price", dataType: .double)])
        let collection = try await database.createCollection("c", schema: schema)
        try await collection.insert([["id": .int(1), "vector": .floatVector([1, 2]), "price": .double(-1e300)],
                                           ["id": .int(2), "vector": .floatVector([1, 2]), "price": .double(5)]])
        #expect(try await collection.count(filter: "price == -9223372036854775808") == 0)
        #expect(try await collection.count(filter: "price > {v}", templateValues: ["v": .int(.min)]) == 1)
        #expect(try await collection.count(filter: "price < -9223372036854775808") == 1)
        #expect(try await collection.count(filter: "price in [-9223372036854775808, 5]") == 1)
        try await collection.createScalarIndex(field: "price")
        try await collection.flush()
        #expect(try await collection.count(filter: "price >= -9223372036854775808") == 1)
        await database.close()
    }

    @Test func explicitKeysAtTheTopOfInt64DoNotWrapAutomaticKeys() async throws {
        let fileSystem = MemoryFileSystem()
        let database = try await Database.open(at: "/db", fileSystem: fileSystem)
        let collection = try await database.createCollection("c", schema: .simple(dimension: 2, autoID: true))
        let first = try await collection.insert([["vector": .floatVector([1, 2])]])
        #expect(first == [.int(1)])
        // An upsert may carry an explicit key; at Int64.max the counter saturates.
        try await collection.upsert([["id": .int(.max), "vector": .floatVector([1, 2])]])
        do {
            _ = try await collection.insert([["vector": .floatVector([3, 4])]])
            Issue.record("an automatic key past Int64.max was assigned")
        } catch let error as QuiverError {
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains("exhausted"), "\(error.message)")
        }
        await #expect(throws: QuiverError.self) { try await collection.insert(ids: nil, vectors: [[3, 4]]) }
        #expect(collection.count == 2)
        await database.close()
        // Recovery replays the explicit key the same way: the counter stays saturated.
        let reopened = try await Database.open(at: "/db", fileSystem: fileSystem)
        await #expect(throws: QuiverError.self) { try await reopened.collection("c").insert([["vector": .floatVector([3, 4])]]) }
        #expect(try reopened.collection("c").count == 2)
        await reopened.close()
    }

    @Test func emptyRowsOfAHugeDimensionAreRefusedBeforeAnyAllocation() async throws {
        let database = try await Self.open()
        let collection = try await database.createCollection("c", schema: .simple(dimension: 32768))
        // A million rows x 32,768 floats would be 131 GB if reserved up front.
        let rows = [Row](repeating: ["id": .int(1)], count: 1_000_000)
        await #expect(throws: QuiverError.self) { try await collection.insert(rows) }
        #expect(collection.count == 0)
        await database.close()
    }

    @Test func indexParametersThatSizeMemoryAreCapped() async throws {
        let database = try await Self.open()
        let collection = try await database.createCollection("c", schema: .simple(dimension: 32768))
        for (kind, parameters) in [(IndexKind.hnsw, ["efConstruction": Int(Int32.max)]), (.ivfPQ, ["nbits": 16, "m": 32768])] {
            do {
                try await collection.createIndex(spec: IndexSpec(kind: kind, metric: .l2, parameters: parameters))
                Issue.record("\(kind) with \(parameters) was accepted")
            } catch let error as QuiverError {
                #expect(error.code == .invalidArgument, "\(error)")
            }
        }
        #expect(await collection.indexes().isEmpty)
        await database.close()
    }
}
