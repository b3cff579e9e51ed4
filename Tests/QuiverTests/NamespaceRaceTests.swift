// The collection namespace under concurrent calls (issue 11): creates, drops and configure steps
// of one name run one at a time in the engine, so a loser of a race gets "already exists" or
// "not found", a failed create takes back only what it made, and handles to a dropped
// collection answer "not found" rather than "closed".

import Quiver
import QuiverFileSystem
import Testing

@Suite struct NamespaceRaceTests {
    @Test func callsOnADroppedCollectionAnswerNotFound() async throws {
        let database = try await Database.open(at: "/db", fileSystem: MemoryFileSystem())
        let held = try await database.createCollection("c", schema: .simple(dimension: 2))
        try await database.dropCollection("c")
        await #expect(throws: QuiverError.self) { try await held.insert(ids: [1], vectors: [[1, 2]]) }
        do {
            try await held.insert(ids: [1], vectors: [[1, 2]])
        } catch let error as QuiverError {
            #expect(error.code == .notFound, "\(error)")
        }
        do {
            _ = try await held.query(filter: "")
        } catch let error as QuiverError {
            #expect(error.code == .notFound, "\(error)")
        }
        await database.close()
    }

    @Test func aFailedCreateNeverDropsANamesakeMadeMeanwhile() async throws {
        let database = try await Database.open(at: "/db", fileSystem: MemoryFileSystem())
        struct IndexRefused: Error {}
        // The configure step fails; the collection it made is dropped, nothing else.
        await #expect(throws: IndexRefused.self) {
            _ = try await database.createCollection("c", schema: .simple(dimension: 2)) { _ in throw IndexRefused() }
        }
        #expect(try database.listCollections().isEmpty)
        // Two creates of one name at once: exactly one succeeds, the other says it exists.
        async let first: Bool = (try? await database.createCollection("d", schema: .simple(dimension: 2))) != nil
        async let second: Bool = (try? await database.createCollection("d", schema: .simple(dimension: 2))) != nil
        #expect([await first, await second].filter { $0 }.count == 1)
        await database.close()
    }
}
