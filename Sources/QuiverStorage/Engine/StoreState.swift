// StoreState: what the CollectionWriter tracks for each store (segment, frozen or mutable buffer):
// the rows applied, the deletion bitmap, and what of it is on disk.
// Ownership: CollectionWriter only.

import QuiverKernels

struct StoreState {
    let store: ColumnStore
    /// Rows applied (visible once published).
    var rowCount: Int
    var deleted: Bitset
    /// The catalog references this store's segment file.
    var isCommitted: Bool
    /// The deletion file the catalog references, and how many deletions it holds.
    var persistedDeletionFile: String?
    var persistedDeletedCount: Int
    /// 0 for flushed segments; a merge output is one more than its highest input.
    var level = 0
    /// ANN indexes by vector field, once built and committed.
    var indexes: [String: SegmentIndex] = [:]
    /// Deletions already handed to a flush job (written, or being written, to a deletion file).
    var snapshottedDeletedCount: Int

    init(store: ColumnStore, rowCount: Int, deleted: Bitset, isCommitted: Bool,
         persistedDeletionFile: String?, persistedDeletedCount: Int) {
        self.store = store
        self.rowCount = rowCount
        self.deleted = deleted
        self.isCommitted = isCommitted
        self.persistedDeletionFile = persistedDeletionFile
        self.persistedDeletedCount = persistedDeletedCount
        self.snapshottedDeletedCount = persistedDeletedCount
    }

    /// Deletions only ever grow, so a changed count means a changed bitmap. A flush job must
    /// take every deletion not yet handed to an earlier job, or its checkpoint would pass deletes
    /// that no file holds.
    var hasUnsnapshottedDeletions: Bool { deleted.setCount != snapshottedDeletedCount }

    var snapshot: StoreSnapshot {
        StoreSnapshot(store: store, rowCount: rowCount, deleted: deleted, isCommitted: isCommitted, indexes: indexes,
                      level: level)
    }
}

/// Where a live row is: its store (by segment id) and row index.
package struct RowLocation: Sendable, Hashable {
    package let segmentID: Int64
    package let row: Int32

    package init(segmentID: Int64, row: Int32) {
        self.segmentID = segmentID
        self.row = row
    }
}
