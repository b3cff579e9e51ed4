// Version: an immutable snapshot of a collection that a reader searches without locks: every
// segment, frozen buffer and the mutable buffer, each cut at the row count and deletion bitmap it
// had when the snapshot was published. (LevelDB's sense of the word: the set of live files.)
// Invariants: `deleted.count == rowCount` for every store; a row is visible iff it is below
// rowCount and its deletion bit is clear; the stores' primary keys of visible rows are unique.
// Holding a Version keeps its ColumnStores alive; nothing in it ever changes.

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

    package var liveRowCount: Int { rowCount - deleted.setCount }
}

package struct Version: Sendable {
    package let schema: CollectionSchema
    package let stores: [StoreSnapshot]
    /// Every mutation with a sequence at or below this is reflected here; none above it is.
    package let lastAppliedSequence: UInt64
    /// Scalar fields with an STL_SORT/INVERTED index: reads may narrow rows of committed
    /// segments through their SortedScalarIndex (built on first use).
    package let scalarIndexedFields: Set<String>

    init(schema: CollectionSchema, stores: [StoreSnapshot], lastAppliedSequence: UInt64,
         scalarIndexedFields: Set<String> = []) {
        self.schema = schema
        self.stores = stores
        self.lastAppliedSequence = lastAppliedSequence
        self.scalarIndexedFields = scalarIndexedFields
    }

    package var liveRowCount: Int { stores.reduce(0) { $0 + $1.liveRowCount } }
    package var committedSegmentCount: Int { stores.filter(\.isCommitted).count }
}

/// The writer's latest Version and the load state, readable from any thread.
/// Load state (Milvus's): the collection is released as a whole (`isReleased`), or loaded with
/// every partition except `releasedPartitionIDs`. Releasing the last loaded partition releases
/// the collection; loading the collection loads every partition (CollectionWriter+PartitionLoad).
package final class VersionCell: Sendable {
    private struct State {
        var version: Version
        var closeReason: CloseReason?
        var isReleased = false
        var releasedPartitionIDs = Set<Int64>()
    }

    private let current: Mutex<State>

    init(_ version: Version) { current = Mutex(State(version: version)) }

    /// The latest Version, whether or not the collection has been closed since (tests, stats).
    package var version: Version { current.withLock { $0.version } }

    /// The latest Version for a read; throws `.closed` once the collection is closed (`.notFound`
    /// once dropped), so reads after `Database.close()` or a drop fail like writes do.
    package func versionForReading(collection name: String) throws(QuiverError) -> Version {
        let (version, closeReason, isReleased) = current.withLock { ($0.version, $0.closeReason, $0.isReleased) }
        if let closeReason { throw closeReason.error(collection: name) }
        if isReleased { throw QuiverError(.notLoaded, "collection '\(name)' is released; load it before searching or querying") }
        return version
    }

    /// Milvus's load state. Quiver keeps every collection's data in memory while open, so
    /// releasing only stops reads (as Milvus does) until the next load.
    package var isLoaded: Bool { current.withLock { !$0.isReleased } }

    /// Loads (every partition) or releases the whole collection.
    package func setLoaded(_ loaded: Bool) {
        current.withLock {
            $0.isReleased = !loaded
            $0.releasedPartitionIDs = []
        }
    }

    /// Partitions released while the collection stays loaded (empty when released as a whole).
    package var releasedPartitionIDs: Set<Int64> { current.withLock { $0.releasedPartitionIDs } }

    /// Loads `ids`; a released collection becomes loaded with only those partitions.
    func loadPartitions(_ ids: Set<Int64>, of allIDs: Set<Int64>) {
        current.withLock { state in
            if state.isReleased {
                state.isReleased = false
                state.releasedPartitionIDs = allIDs.subtracting(ids)
            } else {
                state.releasedPartitionIDs.subtract(ids)
            }
        }
    }

    /// Releases `ids`; releasing every partition releases the collection.
    func releasePartitions(_ ids: Set<Int64>, of allIDs: Set<Int64>) {
        current.withLock { state in
            guard !state.isReleased else { return }
            state.releasedPartitionIDs.formUnion(ids)
            if state.releasedPartitionIDs.isSuperset(of: allIDs) {
                state.isReleased = true
                state.releasedPartitionIDs = []
            }
        }
    }

    /// Forgets a dropped partition.
    func forgetPartition(_ id: Int64) { current.withLock { _ = $0.releasedPartitionIDs.remove(id) } }

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
