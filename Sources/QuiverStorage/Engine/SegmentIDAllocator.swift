// SegmentIDAllocator: hands out a collection's segment ids, to the writer (each new buffer) and
// to the Compactor (each merge output) without either asking the other.
// Invariants: ids only grow and are never handed out twice in one process; an id that never
// reached the catalog may be handed out again after a restart (recovery starts above every id
// the catalog holds, and removes files no catalog row references before the writer starts).

import Synchronization

package final class SegmentIDAllocator: Sendable {
    private let nextID: Mutex<Int64>

    init(startingAt first: Int64) {
        nextID = Mutex(first)
    }

    /// A new id.
    func allocate() -> Int64 {
        nextID.withLock { id in
            defer { id += 1 }
            return id
        }
    }

    /// The id the next `allocate()` returns (what a flush records as the catalog's counter).
    var next: Int64 { nextID.withLock { $0 } }
}
