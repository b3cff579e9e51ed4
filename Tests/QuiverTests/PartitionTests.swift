// Partitions: rows go where inserts say, reads scope to partitions, a dropped partition takes
// its rows with it, and all of it survives flush, compaction and reopen.

import Quiver
import QuiverFileSystem
import Testing

@Suite struct PartitionTests {
    static func options() -> DatabaseOptions {
        var options = DatabaseOptions(durability: .sync, flushInterval: .seconds(3600))
        options.compaction.isEnabled = false
        return options
    }

    static func vector(_ id: Int) -> [Float] { [Float(id), 1] }

    @Test func partitionsScopeReadsAndSurviveFlushCompactionAndReopen() async throws {
        let fs = MemoryFileSystem()
        var db = try await Database.open(at: "/db", options: Self.options(), fileSystem: fs)
        var docs = try await db.createCollection("docs", schema: .simple(dimension: 2))
        try await docs.createPartition("spring")
        try await docs.createPartition("autumn")
        #expect(await docs.listPartitions() == ["_default", "spring", "autumn"])
        await #expect(throws: QuiverError.self) { try await docs.createPartition("spring") }
        await #expect(throws: QuiverError.self) { try await docs.insert(ids: [1], vectors: [[0, 0]], partition: "winter") }

        try await docs.insert(ids: (0..<10).map { .int(Int64($0)) }, vectors: (0..<10).map(Self.vector))
        try await docs.insert(ids: (10..<20).map { .int(Int64($0)) }, vectors: (10..<20).map(Self.vector), partition: "spring")
        try await docs.flush()
        try await docs.insert(ids: (20..<30).map { .int(Int64($0)) }, vectors: (20..<30).map(Self.vector), partition: "autumn")

        #expect(try await docs.rowCount(partition: "spring") == 10)
        #expect(try await docs.count(filter: "", partitions: ["spring", "autumn"]) == 20)
        let springHits = try await docs.search([Self.vector(25)], k: 5, partitions: ["spring"])[0].compactMap { $0.id.intValue }
        #expect(springHits == [19, 18, 17, 16, 15])
        let queried = try await docs.query(filter: "id > 5", outputFields: ["id"], partitions: ["_default"])
        #expect(queried.count == 4)
        #expect(try await docs.delete(filter: "id >= 0", partition: "autumn") == 10)
        try await docs.upsert([["id": .int(5), "vector": .floatVector([5, 5])]], partition: "autumn")
        #expect(try await docs.rowCount(partition: "autumn") == 1)
        #expect(try await docs.rowCount(partition: "_default") == 9)
        try await docs.flush()
        try await docs.compact()
        await db.close()

        db = try await Database.open(at: "/db", options: Self.options(), fileSystem: fs)
        docs = try db.collection("docs")
        #expect(await docs.listPartitions() == ["_default", "spring", "autumn"])
        #expect(try await docs.rowCount(partition: "spring") == 10)
        #expect(try await docs.rowCount(partition: "autumn") == 1)
        try await docs.dropPartition("spring")
        #expect(await docs.listPartitions() == ["_default", "autumn"])
        #expect(docs.count == 10)
        await #expect(throws: QuiverError.self) { try await docs.dropPartition("_default") }
        // A new partition never reuses the dropped one's id: no old row can appear in it.
        try await docs.createPartition("summer")
        #expect(try await docs.rowCount(partition: "summer") == 0)
        await db.close()

        db = try await Database.open(at: "/db", options: Self.options(), fileSystem: fs)
        docs = try db.collection("docs")
        #expect(docs.count == 10)
        #expect(await docs.listPartitions() == ["_default", "autumn", "summer"])
        await db.close()
    }
}
