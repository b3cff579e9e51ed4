// SearchHit: one result of a search: the row's key, its distance (the metric's raw score:
// squared L2, inner product, cosine similarity, Hamming bits or Jaccard distance) and the
// requested output fields.

public struct SearchHit: Sendable, Equatable {
    public let id: PrimaryKey
    public let distance: Float
    public let fields: Row

    public init(id: PrimaryKey, distance: Float, fields: Row = [:]) {
        self.id = id
        self.distance = distance
        self.fields = fields
    }
}

/// Counters of one collection, as `quiver stats` prints them.
public struct CollectionStatistics: Sendable, Equatable {
    /// Live rows (inserted and not deleted).
    public let rowCount: Int
    /// Segment files referenced by the catalog.
    public let segmentCount: Int
    /// Rows in buffers not yet written to a segment.
    public let bufferRowCount: Int
    /// Deleted rows still held in segments and buffers (compaction will drop them).
    public let deletedRowCount: Int
    /// Bytes of WAL files on disk.
    public let walByteCount: Int
    /// The sequence number of the last applied write, and of the last flush checkpoint.
    public let lastSequence: UInt64
    public let checkpointSequence: UInt64
    /// What the last open had to do: records replayed, torn WAL bytes dropped.
    public let replayedRecordCount: Int
    public let droppedWALByteCount: Int
}
