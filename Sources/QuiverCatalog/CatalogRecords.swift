// CatalogRecords: the value types stored in and returned by the catalog.
// Invariants: sequences are UInt64 in Swift and stored as the Int64 with the same bit pattern
// (`Int64(bitPattern:)`), so values above Int64.max round-trip but do not sort correctly in SQL;
// the catalog therefore compares sequences in Swift, never in SQL.
// Ownership: plain values; any target may create and copy them.

public struct CollectionRecord: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var schemaJSON: String
    public var createdAtMs: Int64
    /// Every WAL record with a sequence <= this is durable in committed segments.
    public var checkpointSequence: UInt64
    public var nextAutoID: Int64
    public var nextSegmentID: Int64

    public init(id: Int64, name: String, schemaJSON: String, createdAtMs: Int64,
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

public struct SegmentRecord: Sendable, Equatable {
    public var collectionID: Int64
    public var segmentID: Int64
    public var fileName: String
    public var rowCount: Int64
    public var byteCount: Int64
    public var minSequence: UInt64
    public var maxSequence: UInt64
    public var level: Int
    public var deletionFileName: String?
    public var deletedCount: Int64
    public var createdAtMs: Int64

    public init(collectionID: Int64, segmentID: Int64, fileName: String, rowCount: Int64, byteCount: Int64,
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
public struct DeletionFileUpdate: Sendable, Equatable {
    public var segmentID: Int64
    public var deletionFileName: String
    public var deletedCount: Int64

    public init(segmentID: Int64, deletionFileName: String, deletedCount: Int64) {
        self.segmentID = segmentID
        self.deletionFileName = deletionFileName
        self.deletedCount = deletedCount
    }
}

/// Everything one flush or merge changes, applied in one transaction (all or nothing).
/// Applied in this order: check the checkpoint, remove segments, add segments, update deletion files,
/// then raise the collection's counters.
/// A vector index configured for one field of a collection.
public struct IndexRecord: Sendable, Equatable {
    public var collectionID: Int64
    public var fieldName: String
    public var indexName: String
    public var specJSON: String
    public var createdAtMs: Int64

    public init(collectionID: Int64, fieldName: String, indexName: String, specJSON: String, createdAtMs: Int64) {
        self.collectionID = collectionID
        self.fieldName = fieldName
        self.indexName = indexName
        self.specJSON = specJSON
        self.createdAtMs = createdAtMs
    }
}

/// The index file built for one field of one segment.
public struct SegmentIndexRecord: Sendable, Equatable {
    public var segmentID: Int64
    public var fieldName: String
    public var fileName: String

    public init(segmentID: Int64, fieldName: String, fileName: String) {
        self.segmentID = segmentID
        self.fieldName = fieldName
        self.fileName = fileName
    }
}

public struct CatalogCommit: Sendable {
    public var collectionID: Int64
    /// Each record's `collectionID` must equal `collectionID`.
    public var addedSegments: [SegmentRecord] = []
    /// Each id must name an existing segment of the collection, else `.notFound` and nothing is applied.
    public var removedSegmentIDs: [Int64] = []
    /// Each update must name a segment that exists after removals and additions, else `.notFound`.
    public var deletionUpdates: [DeletionFileUpdate] = []
    /// Index files built for committed (or added) segments; replaces any for the same field.
    public var addedSegmentIndexes: [SegmentIndexRecord] = []
    /// When set, must be >= the stored one (else `.constraint`, nothing applied).
    public var checkpointSequence: UInt64? = nil
    /// The stored value becomes max(stored, given).
    public var nextAutoID: Int64? = nil
    /// The stored value becomes max(stored, given, largest added segment id + 1).
    public var nextSegmentID: Int64? = nil

    public init(collectionID: Int64) {
        self.collectionID = collectionID
    }
}
