// Tests for what survives a reopen: state in both modes, the schema version, corrupt files, and
// image mode's rule that memory and the durable image never disagree after a failed write.

import QuiverCatalog
import QuiverFileSystem
import Testing

@Suite struct CatalogPersistenceTests {
    @Test(arguments: PersistenceMode.allCases)
    func reopenSeesTheSameState(mode: PersistenceMode) throws {
        let harness = CatalogHarness(mode)
        let catalog = try harness.open()
        let books = try catalog.createCollection(name: "books", schemaJSON: #"{"dimension":4}"#, createdAtMs: 7)
        _ = try catalog.createCollection(name: "songs", schemaJSON: "{}", createdAtMs: 8)
        var flush = CatalogCommit(collectionID: books.id)
        flush.addedSegments = [flushedSegment(1, of: books.id, sequences: 1...3)]
        flush.deletionUpdates = [DeletionFileUpdate(segmentID: 1, deletionFileName: "1.del", deletedCount: 2)]
        flush.checkpointSequence = 3
        flush.nextAutoID = 4
        try catalog.commit(flush)
        try catalog.setMetadataValue("cosine", forKey: "default-metric")
        let collections = try catalog.collections()
        let segments = try catalog.segments(collectionID: books.id)
        catalog.close()

        let reopened = try harness.open()
        #expect(try reopened.collections() == collections)
        #expect(try reopened.segments(collectionID: books.id) == segments)
        #expect(try reopened.metadataValue(forKey: "default-metric") == "cosine")
        #expect(try reopened.referencedFileNames(collectionID: books.id) == ["1.qseg", "1.del"])
    }

    @Test(arguments: PersistenceMode.allCases)
    func migrationVersionIsRecordedInTheFileHeader(mode: PersistenceMode) throws {
        let harness = CatalogHarness(mode)
        try harness.open().close()
        let header = try harness.catalogFileBytes()
        #expect(Catalog.schemaVersion >= 1)
        #expect(userVersion(inHeaderOf: header) == Catalog.schemaVersion)
        // File format bytes 18 and 19: 2 = WAL journal (POSIX), 1 = rollback journal (image).
        #expect(header[18] == (mode == .posixFile ? 2 : 1))
        // Opening again runs no migration and keeps the version.
        try harness.open().close()
        #expect(userVersion(inHeaderOf: try harness.catalogFileBytes()) == Catalog.schemaVersion)
    }

    @Test(arguments: PersistenceMode.allCases)
    func catalogFromANewerVersionIsRefused(mode: PersistenceMode) throws {
        let harness = CatalogHarness(mode)
        try harness.open().close()
        var header = try harness.catalogFileBytes()
        header[userVersionHeaderOffset + 3] = UInt8(Catalog.schemaVersion + 1)
        try harness.replaceCatalogFile(with: header)

        let error = #expect(throws: CatalogError.self) { try harness.open() }
        #expect(error?.kind == .corrupt)
        #expect(error?.message.contains("newer") == true)
    }

    @Test(arguments: PersistenceMode.allCases)
    func randomBytesGiveCorruptNamingTheFile(mode: PersistenceMode) throws {
        let harness = CatalogHarness(mode)
        try harness.replaceCatalogFile(with: pseudoRandomBytes(count: 8192, seed: 91))

        let error = #expect(throws: CatalogError.self) { try harness.open() }
        #expect(error?.kind == .corrupt)
        #expect(error?.message.contains(harness.catalogPath) == true)
        #expect(String(describing: error).contains(Catalog.fileName))
    }

    @Test func emptyImageIsCorrupt() throws {
        let harness = CatalogHarness(.memoryImage)
        try harness.replaceCatalogFile(with: [])
        let error = #expect(throws: CatalogError.self) { try harness.open() }
        #expect(error?.kind == .corrupt)
        #expect(error?.message.contains(harness.catalogPath) == true)
    }

    @Test func failedImageRenameRollsBackMemorySoRetryAndReopenAgree() throws {
        let harness = CatalogHarness(.memoryImage)
        let fileSystem = try #require(harness.imageFileSystem)
        let catalog = try harness.open()
        let books = try catalog.createCollection(name: "books", schemaJSON: "{}", createdAtMs: 1)
        let imageBefore = try harness.catalogFileBytes()

        fileSystem.failNextRenames(1)
        let error = #expect(throws: CatalogError.self) {
            try catalog.createCollection(name: "songs", schemaJSON: "{}", createdAtMs: 2)
        }
        #expect(error?.kind == .io)
        let fault = try #require(error?.underlyingError as? FileSystemError)
        #expect(fault.kind == .injected)
        #expect(fault.operation == "rename")
        #expect(fault.path == harness.catalogPath + ".tmp")
        #expect(fileSystem.injectedFaultCount == 1)
        #expect(try harness.catalogFileBytes() == imageBefore)
        #expect(try catalog.collections() == [books])
        #expect(try harness.open().collections() == [books])

        // A failed commit leaves segments and checkpoint as they were, in memory and on reopen.
        fileSystem.failNextRenames(1)
        var flush = CatalogCommit(collectionID: books.id)
        flush.addedSegments = [flushedSegment(1, of: books.id, sequences: 1...4)]
        flush.checkpointSequence = 4
        #expect(throws: CatalogError.self) { try catalog.commit(flush) }
        #expect(fileSystem.injectedFaultCount == 2)
        #expect(try catalog.segments(collectionID: books.id).isEmpty)
        #expect(try catalog.collection(id: books.id)?.checkpointSequence == 0)
        #expect(try harness.open().segments(collectionID: books.id).isEmpty)

        // Retrying both succeeds, and a reopen agrees.
        let songs = try catalog.createCollection(name: "songs", schemaJSON: "{}", createdAtMs: 2)
        try catalog.commit(flush)
        let reopened = try harness.open()
        #expect(try reopened.collections().map(\.name) == ["books", "songs"])
        #expect(try reopened.collection(id: songs.id) == songs)
        #expect(try reopened.segments(collectionID: books.id) == [flushedSegment(1, of: books.id, sequences: 1...4)])
    }

    @Test func failedDirectorySyncRequiresReopenWhichSeesTheRenamedImage() throws {
        let harness = CatalogHarness(.memoryImage)
        let fileSystem = try #require(harness.imageFileSystem)
        let catalog = try harness.open()
        fileSystem.failNextDirectorySyncs(1)

        let error = #expect(throws: CatalogError.self) {
            try catalog.createCollection(name: "books", schemaJSON: "{}", createdAtMs: 1)
        }
        #expect(error?.kind == .io)
        #expect(fileSystem.injectedFaultCount == 1)
        // Memory can no longer be trusted to match the file: every later call fails until reopen.
        let later = #expect(throws: CatalogError.self) { try catalog.collections() }
        #expect(later?.kind == .io)
        // This file system did rename, so the image holds the collection.
        #expect(try harness.open().collections().map(\.name) == ["books"])
    }
}
