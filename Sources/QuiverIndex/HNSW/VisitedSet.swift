// VisitedSet: which graph nodes one search has already reached, reset in O(1) by bumping an
// epoch stamp instead of clearing (hnswlib's VisitedList).
// Invariants: node n is visited iff marks[n] == epoch; epoch is never 0 after `reset()`, and
// when it wraps the marks are zeroed, so a stale stamp can never read as visited.
// Ownership: owned by one HNSWSearchScratch; used by one search at a time.

struct VisitedSet {
    let marks: UnsafeMutablePointer<UInt16>
    let nodeCount: Int
    private(set) var epoch: UInt16 = 0

    init(nodeCount: Int) {
        self.nodeCount = nodeCount
        marks = .allocate(capacity: max(nodeCount, 1))
        marks.initialize(repeating: 0, count: max(nodeCount, 1))
    }

    func deallocate() { marks.deallocate() }

    /// Forgets every visit.
    mutating func reset() {
        epoch &+= 1
        if epoch == 0 {
            marks.update(repeating: 0, count: max(nodeCount, 1))
            epoch = 1
        }
    }

    /// Marks `node` and returns true when it had not been visited since the last reset.
    @inline(__always)
    func insert(_ node: UInt32) -> Bool {
        let slot = marks + Int(node)
        if slot.pointee == epoch { return false }
        slot.pointee = epoch
        return true
    }
}
