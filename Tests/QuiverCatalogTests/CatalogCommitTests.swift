// Tests for CatalogCommit: a flush or merge applies all of its changes or none of them.

import QuiverCatalog
import Testing

@Suite struct CatalogCommitTests {
    /// A catalog holding collection "books" after one flush of segments 1 and 2 (checkpoint 10, next id 100).
    static func catalogAfterOneFlush(_ harness: CatalogHarness) throws -> (Catalog, CollectionRecord) {
        let catalog = try harness.open()
        let books = try catalog.createCollection(name: "books", schemaJSON: "{}", createdAtMs: 1)
        var flush = CatalogCommit(collectionID: books.id)
        flush.addedSegments = [flushedSegment(1, of: books.id, sequences: 1...5),
                               flushedSegment(2, of: books.id, sequences: 6...10)]
        flush.checkpointSequence = 10
        flush.nextAutoID = 100
        try catalog.commit(flush)
        return (catalog, books)
    }

    @Test(arguments: PersistenceMode.allCases)
    func flushAddsSegmentsAndAdvancesCheckpointAndCounters(mode: PersistenceMode) throws {
        let (catalog, books) = try Self.catalogAfterOneFlush(CatalogHarness(mode))

        #expect(try catalog.segments(collectionID: books.id) == [flushedSegment(1, of: books.id, sequences: 1...5),
                                                                 flushedSegment(2, of: books.id, sequences: 6...10)])
        let record = try #require(try catalog.collection(id: books.id))
        #expect(record.checkpointSequence == 10)
        #expect(record.nextAutoID == 100)
        #expect(record.nextSegmentID == 3)   // kept above every committed segment id
        #expect(try catalog.referencedFileNames(collectionID: books.id) == ["1.qseg", "2.qseg"])
    }

    @Test(arguments: PersistenceMode.allCases)
    func mergeReplacesSegmentsAndUpdatesDeletionFiles(mode: PersistenceMode) throws {
        let (catalog, books) = try Self.catalogAfterOneFlush(CatalogHarness(mode))
        var flush = CatalogCommit(collectionID: books.id)
        flush.addedSegments = [flushedSegment(3, of: books.id, sequences: 11...12)]
        flush.checkpointSequence = 12
        try catalog.commit(flush)

        var merge = CatalogCommit(collectionID: books.id)
        merge.removedSegmentIDs = [1, 2]
        merge.addedSegments = [flushedSegment(4, of: books.id, sequences: 1...10, level: 1)]
        merge.deletionUpdates = [DeletionFileUpdate(segmentID: 3, deletionFileName: "3.del", deletedCount: 1)]
        merge.nextSegmentID = 9
        merge.nextAutoID = 50   // lower than stored: the counter never goes back
        try catalog.commit(merge)

        var segmentThree = flushedSegment(3, of: books.id, sequences: 11...12)
        segmentThree.deletionFileName = "3.del"
        segmentThree.deletedCount = 1
        #expect(try catalog.segments(collectionID: books.id)
                == [segmentThree, flushedSegment(4, of: books.id, sequences: 1...10, level: 1)])
        #expect(try catalog.referencedFileNames(collectionID: books.id) == ["3.qseg", "3.del", "4.qseg"])
        let record = try #require(try catalog.collection(id: books.id))
        #expect(record.checkpointSequence == 12)   // unset in the merge: unchanged
        #expect(record.nextAutoID == 100)
        #expect(record.nextSegmentID == 9)
    }

    enum BadCommit: String, CaseIterable, CustomStringConvertible {
        case unknownRemovedSegment, lowerCheckpoint, duplicateAddedSegment, unknownDeletionUpdate,
             segmentOfAnotherCollection, unknownCollection
        var description: String { rawValue }
    }

    /// Each bad commit also carries valid changes, which must not be applied either.
    @Test(arguments: PersistenceMode.allCases, BadCommit.allCases)
    func badCommitAppliesNothing(mode: PersistenceMode, bad: BadCommit) throws {
        let harness = CatalogHarness(mode)
        let (catalog, books) = try Self.catalogAfterOneFlush(harness)
        let segmentsBefore = try catalog.segments(collectionID: books.id)
        let collectionsBefore = try catalog.collections()

        var commit = CatalogCommit(collectionID: books.id)
        commit.removedSegmentIDs = [1]
        commit.addedSegments = [flushedSegment(5, of: books.id, sequences: 11...20)]
        commit.deletionUpdates = [DeletionFileUpdate(segmentID: 2, deletionFileName: "2.del", deletedCount: 3)]
        commit.checkpointSequence = 20
        commit.nextAutoID = 500
        commit.nextSegmentID = 50
        let expectedKind: CatalogError.Kind
        switch bad {
        case .unknownRemovedSegment:
            commit.removedSegmentIDs.append(77); expectedKind = .notFound
        case .lowerCheckpoint:
            commit.checkpointSequence = 9; expectedKind = .constraint
        case .duplicateAddedSegment:
            commit.addedSegments.append(flushedSegment(2, of: books.id, sequences: 1...1)); expectedKind = .constraint
        case .unknownDeletionUpdate:
            commit.deletionUpdates.append(DeletionFileUpdate(segmentID: 1, deletionFileName: "1.del", deletedCount: 1))
            expectedKind = .notFound   // segment 1 is removed by this very commit
        case .segmentOfAnotherCollection:
            commit.addedSegments.append(flushedSegment(6, of: books.id + 1, sequences: 1...1)); expectedKind = .constraint
        case .unknownCollection:
            commit.collectionID = books.id + 100; expectedKind = .notFound
        }

        let error = #expect(throws: CatalogError.self) { try catalog.commit(commit) }
        #expect(error?.kind == expectedKind)
        #expect(try catalog.segments(collectionID: books.id) == segmentsBefore)
        #expect(try catalog.collections() == collectionsBefore)
        catalog.close()
        let reopened = try harness.open()
        #expect(try reopened.segments(collectionID: books.id) == segmentsBefore)
        #expect(try reopened.collections() == collectionsBefore)
    }

    @Test(arguments: PersistenceMode.allCases)
    func sequencesAboveInt64MaxRoundTripAndCompareAsUnsigned(mode: PersistenceMode) throws {
        let harness = CatalogHarness(mode)
        let catalog = try harness.open()
        let books = try catalog.createCollection(name: "books", schemaJSON: "{}", createdAtMs: 1)
        let high = UInt64(Int64.max) + 2
        var flush = CatalogCommit(collectionID: books.id)
        flush.addedSegments = [flushedSegment(1, of: books.id, sequences: high...UInt64.max)]
        flush.checkpointSequence = high
        try catalog.commit(flush)

        // As a signed Int64, `high` is negative; 5 must still count as lower.
        var lower = CatalogCommit(collectionID: books.id)
        lower.checkpointSequence = 5
        let error = #expect(throws: CatalogError.self) { try catalog.commit(lower) }
        #expect(error?.kind == .constraint)

        catalog.close()
        let reopened = try harness.open()
        #expect(try reopened.collection(id: books.id)?.checkpointSequence == high)
        #expect(try reopened.segments(collectionID: books.id).first?.maxSequence == UInt64.max)
    }
}
