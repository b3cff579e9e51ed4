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

/// The writer's latest Version, readable from any thread.
package final class VersionCell: Sendable {
    private let current: Mutex<(version: Version, isClosed: Bool, isReleased: Bool)>

    init(_ version: Version) { current = Mutex((version, false, false)) }

    /// The latest Version, whether or not the collection has been closed since (tests, stats).
    package var version: Version { current.withLock { $0.version } }

    /// The latest Version for a read; throws `.closed` once the collection is closed, so reads
    /// after `Database.close()` fail like writes do.
    package func versionForReading(collection name: String) throws(QuiverError) -> Version {
        let (version, isClosed, isReleased) = current.withLock { ($0.version, $0.isClosed, $0.isReleased) }
        if isClosed { throw QuiverError(.closed, "collection '\(name)' is closed") }
        if isReleased { throw QuiverError(.notLoaded, "collection '\(name)' is released; load it before searching or querying") }
        return version
    }

    /// Milvus's load state. Quiver keeps every collection's data in memory while open, so
    /// releasing only stops reads (as Milvus does) until the next load.
    package var isLoaded: Bool { current.withLock { !$0.isReleased } }

    package func setLoaded(_ loaded: Bool) { current.withLock { $0.isReleased = !loaded } }

    func publish(_ version: Version) { current.withLock { $0.version = version } }

    func markClosed() { current.withLock { $0.isClosed = true } }
}
