// CatalogRecords: the value types stored in and returned by the catalog.
// Invariants: sequences are UInt64 in Swift and stored as the Int64 with the same bit pattern
// (`Int64(bitPattern:)`), so values above Int64.max round-trip but do not sort correctly in SQL;
// the catalog therefore compares sequences in Swift, never in SQL.
// Ownership: plain values; any target may create and copy them.

package struct CollectionRecord: Sendable, Equatable {
    package var id: Int64
    package var name: String
    package var schemaJSON: String
    package var createdAtMs: Int64
    /// Every WAL record with a sequence <= this is durable in committed segments.
    package var checkpointSequence: UInt64
    package var nextAutoID: Int64
    package var nextSegmentID: Int64

    package init(id: Int64, name: String, schemaJSON: String, createdAtMs: Int64,
                checkpointSequence: UInt64, nextAutoID: Int64, nextSegmentID: Int64) {
        self.id = id
        self.name = name
        self.schemaJSON = schemaJSON
        self.createdAtMs = createdAtMs
        self.checkpointSequence = checkpointSequence
        self.nextAutoID = nextAutoID
        self.nextSegmentID = nextSegmentID
    }
}

package struct SegmentRecord: Sendable, Equatable {
    package var collectionID: Int64
    package var segmentID: Int64
    package var fileName: String
    package var rowCount: Int64
    package var byteCount: Int64
    package var minSequence: UInt64
    package var maxSequence: UInt64
    package var level: Int
    package var deletionFileName: String?
    package var deletedCount: Int64
    package var createdAtMs: Int64

    package init(collectionID: Int64, segmentID: Int64, fileName: String, rowCount: Int64, byteCount: Int64,
                minSequence: UInt64, maxSequence: UInt64, level: Int = 0, deletionFileName: String? = nil,
                deletedCount: Int64 = 0, createdAtMs: Int64) {
        self.collectionID = collectionID
        self.segmentID = segmentID
        self.fileName = fileName
        self.rowCount = rowCount
        self.byteCount = byteCount
        self.minSequence = minSequence
        self.maxSequence = maxSequence
        self.level = level
        self.deletionFileName = deletionFileName
        self.deletedCount = deletedCount
        self.createdAtMs = createdAtMs
    }
}

/// Points an existing segment at a new deletion file.
package struct DeletionFileUpdate: Sendable, Equatable {
    package var segmentID: Int64
    package var deletionFileName: String
    package var deletedCount: Int64

    package init(segmentID: Int64, deletionFileName: String, deletedCount: Int64) {
        self.segmentID = segmentID
        self.deletionFileName = deletionFileName
        self.deletedCount = deletedCount
    }
}

/// Everything one flush or merge changes, applied in one transaction (all or nothing).
/// Applied in this order: check the checkpoint, remove segments, add segments, update deletion files,
/// then raise the collection's counters.
/// A vector index configured for one field of a collection.
package struct IndexRecord: Sendable, Equatable {
    package var collectionID: Int64
    package var fieldName: String
    package var indexName: String
    package var specJSON: String
    package var createdAtMs: Int64

    package init(collectionID: Int64, fieldName: String, indexName: String, specJSON: String, createdAtMs: Int64) {
        self.collectionID = collectionID
        self.fieldName = fieldName
        self.indexName = indexName
        self.specJSON = specJSON
        self.createdAtMs = createdAtMs
    }
}

/// The index file built for one field of one segment.
package struct SegmentIndexRecord: Sendable, Equatable {
    package var segmentID: Int64
    package var fieldName: String
    package var fileName: String

    package init(segmentID: Int64, fieldName: String, fileName: String) {
        self.segmentID = segmentID
        self.fieldName = fieldName
        self.fileName = fileName
    }
}

package struct CatalogCommit: Sendable {
    package var collectionID: Int64
    /// Each record's `collectionID` must equal `collectionID`.
    package var addedSegments: [SegmentRecord] = []
    /// Each id must name an existing segment of the collection, else `.notFound` and nothing is applied.
    package var removedSegmentIDs: [Int64] = []
    /// Each update must name a segment that exists after removals and additions, else `.notFound`.
    package var deletionUpdates: [DeletionFileUpdate] = []
    /// Index files built for committed (or added) segments; replaces any for the same field.
    package var addedSegmentIndexes: [SegmentIndexRecord] = []
    /// When set, must be >= the stored one (else `.constraint`, nothing applied).
    package var checkpointSequence: UInt64? = nil
    /// The stored value becomes max(stored, given).
    package var nextAutoID: Int64? = nil
    /// The stored value becomes max(stored, given, largest added segment id + 1).
    package var nextSegmentID: Int64? = nil

    package init(collectionID: Int64) {
        self.collectionID = collectionID
    }
}
