// Version: an immutable snapshot of a collection that a reader searches without locks: every
// segment, frozen buffer and the mutable buffer, each cut at the row count and deletion bitmap it
// had when the snapshot was published. (LevelDB's sense of the word: the set of live files.)
// Invariants: `deleted.count == rowCount` for every store; a row is visible iff it is below
// rowCount and its deletion bit is clear; the stores' primary keys of visible rows are unique.
// Holding a Version keeps its ColumnStores alive; nothing in it ever changes.

import QuiverIndex
import QuiverKernels
import Synchronization

package struct StoreSnapshot: Sendable {
    package let store: ColumnStore
    package let rowCount: Int
    package let deleted: Bitset
    /// A segment whose file the catalog references (false for buffers not yet written).
    package let isCommitted: Bool
    /// ANN indexes of this segment by vector field (their labels are this store's rows).
    package let indexes: [String: SegmentIndex]
    /// 0 for flushed segments and buffers; a merge output is one more than its highest input.
    package let level: Int

    package var liveRowCount: Int { rowCount - deleted.setCount }
}

package struct Version: Sendable {
    package let schema: CollectionSchema
    package let stores: [StoreSnapshot]
    /// Every mutation with a sequence at or below this is reflected here; none above it is.
    package let lastAppliedSequence: UInt64
    /// The index configured per field (resolved spec), vector and scalar alike.
    package let indexSpecs: [String: IndexSpec]
    /// Scalar fields with an STL_SORT/INVERTED index: reads may narrow rows of committed
    /// segments through their SortedScalarIndex (built on first use).
    package let scalarIndexedFields: Set<String>

    init(schema: CollectionSchema, stores: [StoreSnapshot], lastAppliedSequence: UInt64,
         indexSpecs: [String: IndexSpec] = [:]) {
        self.schema = schema
        self.stores = stores
        self.lastAppliedSequence = lastAppliedSequence
        self.indexSpecs = indexSpecs
        self.scalarIndexedFields = Set(indexSpecs.filter { $0.value.kind.isForScalars }.keys)
    }

    package var liveRowCount: Int { stores.reduce(0) { $0 + $1.liveRowCount } }
    package var deletedRowCount: Int { stores.reduce(0) { $0 + $1.deleted.setCount } }
    package var committedSegmentCount: Int { stores.filter(\.isCommitted).count }
}

/// What readers see of a collection, published as one state: the latest Version, the
/// collection's name, its partitions with their load state, and whether it is closed (or
/// dropped). A read takes one `ReadSnapshot` of it and never asks the writer anything.
/// Invariants: every field changes under the one lock, so a snapshot is always consistent; the
/// writer is the only code that changes it (Database's load/release go through `setLoaded`).
package final class VersionCell: Sendable {
    private struct State {
        var name: String
        var version: Version
        var partitions: PartitionTable
        var closeReason: CloseReason?
    }

    private let current: Mutex<State>

    init(name: String, version: Version) {
        current = Mutex(State(name: name, version: version, partitions: PartitionTable(schema: version.schema)))
    }

    /// The latest Version, whether or not the collection has been closed since (tests, stats).
    package var version: Version { current.withLock { $0.version } }

    /// The collection's current name (renames change it).
    package var name: String { current.withLock { $0.name } }

    /// Partitions and their load state now.
    package var partitions: PartitionTable { current.withLock { $0.partitions } }

    /// Everything published now, whatever the load or close state (writer, stats).
    package var snapshot: ReadSnapshot {
        current.withLock { ReadSnapshot(name: $0.name, version: $0.version, partitions: $0.partitions) }
    }

    /// One snapshot for a read; throws `.closed` once the collection is closed (`.notFound` once
    /// dropped), so reads after `Database.close()` or a drop fail like writes do, and
    /// `.notLoaded` while the collection is released.
    package func snapshotForReading() throws(QuiverError) -> ReadSnapshot {
        let (snapshot, closeReason) = current.withLock {
            (ReadSnapshot(name: $0.name, version: $0.version, partitions: $0.partitions), $0.closeReason)
        }
        if let closeReason { throw closeReason.error(collection: snapshot.name) }
        if snapshot.partitions.isReleased {
            throw QuiverError(.notLoaded, "collection '\(snapshot.name)' is released; load it before searching or querying")
        }
        return snapshot
    }

    /// Milvus's load state. Quiver keeps every collection's data in memory while open, so
    /// releasing only stops reads (as Milvus does) until the next load.
    package var isLoaded: Bool { current.withLock { !$0.partitions.isReleased } }

    /// Loads (every partition) or releases the whole collection.
    package func setLoaded(_ loaded: Bool) { current.withLock { $0.partitions.setLoaded(loaded) } }

    /// Changes the partition table (creation, drop, load, release) in one step.
    func updatePartitions<R: Sendable, E: Error>(_ body: (inout PartitionTable) throws(E) -> R) throws(E) -> R {
        try current.withLock { state throws(E) -> R in try body(&state.partitions) }
    }

    func rename(to newName: String) { current.withLock { $0.name = newName } }

    func publish(_ version: Version) { current.withLock { $0.version = version } }

    func markClosed(because reason: CloseReason = .closed) { current.withLock { $0.closeReason = reason } }
}

/// Why a collection's writer stopped serving calls.
package enum CloseReason: Sendable {
    /// The database (or the collection) was closed: calls answer `.closed`.
    case closed
    /// The collection was dropped: calls through old handles answer `.notFound`, as a call by
    /// its name would.
    case dropped

    func error(collection name: String) -> QuiverError {
        switch self {
        case .closed: QuiverError(.closed, "collection '\(name)' is closed")
        case .dropped: QuiverError(.notFound, "collection '\(name)' does not exist (it was dropped)")
        }
    }
}
