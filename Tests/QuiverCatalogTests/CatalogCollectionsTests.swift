// Tests for creating, listing and dropping collections, metadata, and use after close, in both persistence modes.

import QuiverCatalog
import Testing

@Suite struct CatalogCollectionsTests {
    @Test(arguments: PersistenceMode.allCases)
    func createdCollectionsAreListedInIDOrderAndFoundByNameAndID(mode: PersistenceMode) throws {
        let harness = CatalogHarness(mode)
        let catalog = try harness.open()
        let books = try catalog.createCollection(name: "books", schemaJSON: #"{"dimension":4}"#, createdAtMs: 10)
        let songs = try catalog.createCollection(name: "songs", schemaJSON: #"{"dimension":8}"#, createdAtMs: 20)

        #expect(books.id < songs.id)
        #expect(books == CollectionRecord(id: books.id, name: "books", schemaJSON: #"{"dimension":4}"#, createdAtMs: 10,
                                          checkpointSequence: 0, nextAutoID: 1, nextSegmentID: 1))
        #expect(try catalog.collections() == [books, songs])
        #expect(try catalog.collection(named: "songs") == songs)
        #expect(try catalog.collection(id: books.id) == books)
        #expect(try catalog.collection(named: "films") == nil)
        #expect(try catalog.collection(id: 999) == nil)
    }

    @Test(arguments: PersistenceMode.allCases)
    func duplicateNameThrowsConstraintAndAddsNothing(mode: PersistenceMode) throws {
        let harness = CatalogHarness(mode)
        let catalog = try harness.open()
        let books = try catalog.createCollection(name: "books", schemaJSON: "{}", createdAtMs: 1)

        let error = #expect(throws: CatalogError.self) {
            try catalog.createCollection(name: "books", schemaJSON: "{}", createdAtMs: 2)
        }
        #expect(error?.kind == .constraint)
        #expect(error?.message.contains(harness.catalogPath) == true)
        #expect(try catalog.collections() == [books])
    }

    @Test(arguments: PersistenceMode.allCases)
    func droppingACollectionRemovesItsSegmentsButNotOthers(mode: PersistenceMode) throws {
        let harness = CatalogHarness(mode)
        let catalog = try harness.open()
        let books = try catalog.createCollection(name: "books", schemaJSON: "{}", createdAtMs: 1)
        let songs = try catalog.createCollection(name: "songs", schemaJSON: "{}", createdAtMs: 2)
        for collection in [books, songs] {
            var flush = CatalogCommit(collectionID: collection.id)
            flush.addedSegments = [flushedSegment(1, of: collection.id, sequences: 1...5)]
            try catalog.commit(flush)
        }

        try catalog.dropCollection(id: books.id)

        #expect(try catalog.collections().map(\.name) == ["songs"])
        #expect(try catalog.segments(collectionID: books.id).isEmpty)
        #expect(try catalog.referencedFileNames(collectionID: books.id).isEmpty)
        #expect(try catalog.segments(collectionID: songs.id).count == 1)
        // The name is free again.
        let again = try catalog.createCollection(name: "books", schemaJSON: "{}", createdAtMs: 3)
        #expect(try catalog.segments(collectionID: again.id).isEmpty)
    }

    @Test(arguments: PersistenceMode.allCases)
    func droppingAnUnknownCollectionThrowsNotFound(mode: PersistenceMode) throws {
        let catalog = try CatalogHarness(mode).open()
        let error = #expect(throws: CatalogError.self) { try catalog.dropCollection(id: 42) }
        #expect(error?.kind == .notFound)
    }

    @Test(arguments: PersistenceMode.allCases)
    func metadataValuesAreSetReplacedAndRead(mode: PersistenceMode) throws {
        let catalog = try CatalogHarness(mode).open()
        #expect(try catalog.metadataValue(forKey: "format") == nil)
        try catalog.setMetadataValue("1", forKey: "format")
        try catalog.setMetadataValue("2", forKey: "format")
        try catalog.setMetadataValue("x'); DROP TABLE metadata; --", forKey: "note")
        #expect(try catalog.metadataValue(forKey: "format") == "2")
        #expect(try catalog.metadataValue(forKey: "note") == "x'); DROP TABLE metadata; --")
    }

    @Test(arguments: PersistenceMode.allCases)
    func callsAfterCloseThrowInsteadOfTrapping(mode: PersistenceMode) throws {
        let catalog = try CatalogHarness(mode).open()
        catalog.close()
        catalog.close()
        let error = #expect(throws: CatalogError.self) { try catalog.collections() }
        #expect(error?.kind == .sqlite)
    }

    @Test(arguments: PersistenceMode.allCases)
    func concurrentCreatesAreAllRecorded(mode: PersistenceMode) async throws {
        let harness = CatalogHarness(mode)
        let catalog = try harness.open()
        let names = (0..<16).map { "collection-\($0)" }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for name in names {
                group.addTask { _ = try catalog.createCollection(name: name, schemaJSON: "{}", createdAtMs: 1) }
            }
            try await group.waitForAll()
        }
        #expect(Set(try catalog.collections().map(\.name)) == Set(names))
        catalog.close()
        #expect(Set(try harness.open().collections().map(\.name)) == Set(names))
    }
}
