// DatabaseOptions: how a database trades durability for speed and when buffers become segments.

public struct DatabaseOptions: Sendable {
    public enum Durability: Sendable {
        /// A write is acknowledged after its WAL record is fsynced (group commit: writers that
        /// arrive while a sync runs share the next one). Nothing acknowledged is ever lost.
        case sync
        /// A write is acknowledged after `write(2)`; the WAL is fsynced at least every
        /// `flushInterval`. A process crash loses nothing; a power loss may lose up to one
        /// `flushInterval` of acknowledged writes.
        case async
    }

    public var durability: Durability = .sync
    /// How often the mutable buffer is sealed into a segment file.
    public var flushInterval: Duration = .seconds(1)
    /// A buffer is sealed early when it reaches this many rows...
    public var bufferMaxRows: Int = 100_000
    /// ...or about this many bytes of vectors and values.
    public var bufferMaxByteCount: Int = 64 << 20
    /// Segments with fewer rows than this are searched exactly, without an ANN index (Milvus
    /// also leaves small segments unindexed).
    public var indexBuildThresholdRows = 10_000
    /// Threads OpenBLAS may use for a batch of queries (process-wide). One by default: searches
    /// and index builds already run concurrently, and OpenBLAS slows down badly when several
    /// callers each start their own thread team.
    public var blasThreadCount = 1
    /// When and how the Compactor merges segments and drops deleted rows.
    public var compaction = CompactionOptions()
    /// Receives recovery and flush events (dropped WAL tails, removed files). The library never
    /// prints on its own.
    public var log: (@Sendable (String) -> Void)? = nil
    /// Where writers and compactors report WAL syncs, merges and index builds. The engine
    /// installs a fresh hub at open (so two databases never share one); read it from
    /// `Database.events`.
    package var eventHub = StorageEventHub()

    public init(durability: Durability = .sync, flushInterval: Duration = .seconds(1)) {
        self.durability = durability
        self.flushInterval = flushInterval
    }
}

/// The Compactor's knobs. Size-tiered: segments are grouped by size class (factor 4); a class
/// with `minimumMergeCount` or more segments is merged, oldest first, up to the target size; a
/// segment whose deleted fraction passes `deletedFractionThreshold` is rewritten without them.
public struct CompactionOptions: Sendable {
    /// False pauses background compaction (`compact()` on demand still runs).
    public var isEnabled = true
    /// A merge output stops growing at about this many bytes of rows...
    public var targetSegmentByteCount = 256 << 20
    /// ...or this many rows.
    public var targetSegmentRows = 1_000_000
    public var minimumMergeCount = 4
    /// Milvus 1.x's default: rewrite a segment once 10% of its rows are deleted.
    public var deletedFractionThreshold = 0.1
    /// Merges of one collection that may run at once (each is single-threaded).
    public var maxConcurrentMerges = 1
    /// How often the background loop looks for work.
    public var checkInterval: Duration = .seconds(1)

    public init() {}
}
