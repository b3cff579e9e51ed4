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

    init(store: ColumnStore, rowCount: Int, deleted: Bitset, isCommitted: Bool,
         persistedDeletionFile: String?, persistedDeletedCount: Int) {
        self.store = store
        self.rowCount = rowCount
        self.deleted = deleted
        self.isCommitted = isCommitted
        self.persistedDeletionFile = persistedDeletionFile
        self.persistedDeletedCount = persistedDeletedCount
    }

    /// Deletions only ever grow, so a changed count means a changed bitmap.
    var hasUnpersistedDeletions: Bool { deleted.setCount != persistedDeletedCount }

    var snapshot: StoreSnapshot {
        StoreSnapshot(store: store, rowCount: rowCount, deleted: deleted, isCommitted: isCommitted)
    }
}

/// Where a live row is: its store (by segment id) and row index.
struct RowLocation: Sendable, Hashable {
    let segmentID: Int64
    let row: Int32
}
