// SearchHit: one result of a search: the row's key, its distance (the metric's raw score:
// squared L2, inner product, cosine similarity, Hamming bits or Jaccard distance) and the
// requested output fields.

/// One result of a search.
public struct SearchHit: Sendable, Equatable {
    /// The row's primary key.
    public let id: PrimaryKey
    /// The metric's raw score (smaller is nearer for L2, Hamming and Jaccard; larger for IP and cosine).
    public let distance: Float
    /// The output fields the search asked for.
    public let fields: Row

    /// A hit; `fields` empty when the search asked for none.
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
    /// The sequence number the last flush's checkpoint covers (recovery replays the WAL after it).
    public let checkpointSequence: UInt64
    /// What the last open had to do: records replayed, torn WAL bytes dropped.
    public let replayedRecordCount: Int
    /// Bytes of a torn WAL tail the last open cut off (a crash during an append leaves one).
    public let droppedWALByteCount: Int
}
