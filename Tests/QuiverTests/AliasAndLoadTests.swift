// Aliases, renames and load state, persisted across reopen.

import Quiver
import QuiverFileSystem
import Testing

@Suite struct AliasAndLoadTests {
    @Test func aliasesResolveRepointAndSurviveReopenAndRename() async throws {
        let fs = MemoryFileSystem()
        var db = try await Database.open(at: "/db", fileSystem: fs)
        let a = try await db.createCollection("books_v1", schema: .simple(dimension: 2))
        _ = try await db.createCollection("books_v2", schema: .simple(dimension: 2))
        try await a.insert(ids: [1], vectors: [[1, 0]])
        try await db.createAlias("books", for: "books_v1")
        #expect(try db.collection("books").count == 1)
        await #expect(throws: QuiverError.self) { try await db.createAlias("books", for: "books_v2") }
        await #expect(throws: QuiverError.self) { try await db.createAlias("books_v2", for: "books_v1") }
        try await db.alterAlias("books", for: "books_v2")
        #expect(try db.collection("books").count == 0)
        #expect(try db.describeAlias("books") == "books_v2")
        try await db.renameCollection("books_v2", to: "books_current")
        #expect(try db.describeAlias("books") == "books_current")
        #expect(try db.listAliases(collection: "books_current") == ["books"])
        #expect(throws: QuiverError.self) { try db.collection("books_v2") }
        await db.close()

        db = try await Database.open(at: "/db", fileSystem: fs)
        #expect(try db.listCollections() == ["books_current", "books_v1"])
        #expect(try db.describeAlias("books") == "books_current")
        try await db.dropAlias("books")
        #expect(try db.listAliases().isEmpty)
        #expect(throws: QuiverError.self) { try db.describeAlias("books") }
        try await db.dropCollection("books_current")
        await db.close()
    }

    @Test func releasedCollectionsRefuseReadsButAcceptWrites() async throws {
        let db = try await Database.open(at: "/db", fileSystem: MemoryFileSystem())
        let docs = try await db.createCollection("docs", schema: .simple(dimension: 2))
        docs.release()
        #expect(!docs.isLoaded)
        try await docs.insert(ids: [1], vectors: [[1, 0]])
        do {
            _ = try await docs.search([[1, 0]], k: 1)
            Issue.record("search of a released collection succeeded")
        } catch let error as QuiverError {
            #expect(error.code == .notLoaded)
        }
        docs.load()
        #expect(try await docs.search([[1, 0]], k: 1)[0].map(\.id) == [1])
        await db.close()
    }
}
