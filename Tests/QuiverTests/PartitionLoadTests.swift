// Partition load state through the embedded API: released partitions vanish from search, query,
// count and get (writes still land in them); naming one is `.partitionNotLoaded`; releasing the
// last loaded partition releases the collection; unknown names change nothing.

import Quiver
import QuiverFileSystem
import Testing

@Suite struct PartitionLoadTests {
    /// The code of the QuiverError `body` throws; nil when it throws nothing (or another error).
    static func code(of body: () async throws -> Void) async -> QuiverError.Code? {
        do {
            try await body()
            return nil
        } catch let error as QuiverError {
            return error.code
        } catch {
            return nil
        }
    }

    @Test func releasedPartitionsAreHiddenFromEveryRead() async throws {
        let db = try await TestDatabase.open(MemoryFileSystem())
        let docs = try await db.createCollection("docs", schema: .simple(dimension: 2))
        try await docs.createPartition("p1")
        try await docs.insert(ids: [1], vectors: [[1, 0]])
        try await docs.insert(ids: [2], vectors: [[2, 0]], partition: "p1")

        try await docs.releasePartitions(["p1"])
        #expect(await docs.loadedPartitions() == ["_default"])
        #expect(try await docs.search([[0, 0]], k: 5)[0].map(\.id) == [.int(1)])
        #expect(try await docs.count(filter: "") == 1)
        #expect(try await docs.get(ids: [1, 2]).count == 1)
        #expect(await Self.code { _ = try await docs.search([[0, 0]], k: 5, partitions: ["p1"]) } == .partitionNotLoaded)
        try await docs.insert(ids: [3], vectors: [[3, 0]], partition: "p1")

        try await docs.loadPartitions(["p1"])
        #expect(try await docs.search([[0, 0]], k: 5)[0].map(\.id) == [.int(1), .int(2), .int(3)])
        await db.close()
    }

    @Test func releasingEveryPartitionReleasesTheCollection() async throws {
        let db = try await TestDatabase.open(MemoryFileSystem())
        let docs = try await db.createCollection("docs", schema: .simple(dimension: 2))
        try await docs.createPartition("p1")
        try await docs.insert(ids: [1], vectors: [[1, 0]], partition: "p1")
        try await docs.releasePartitions(["_default", "p1"])
        #expect(!docs.isLoaded)
        #expect(await Self.code { _ = try await docs.search([[0, 0]], k: 1) } == .notLoaded)
        try await docs.loadPartitions(["p1"])
        #expect(docs.isLoaded)
        #expect(await docs.loadedPartitions() == ["p1"])
        #expect(await Self.code { try await docs.releasePartitions(["p1", "nope"]) } == .notFound)
        #expect(await docs.loadedPartitions() == ["p1"])
        docs.load()
        #expect(await docs.loadedPartitions() == ["_default", "p1"])
        await db.close()
    }
}
