// HNSWNodeHeap: a binary max-heap of (distance, node) pairs in unsafe storage, the priority
// queue of HNSW search and build (hnswlib keeps two std::priority_queues; so do we: the result
// set as a max-heap of distances, the candidate set as a max-heap of negated distances).
// Invariants: storage[0..<count] is a heap ordered by (distance, node), larger at the top, so
// equal distances pop in a fixed order and searches are deterministic; capacity grows by
// doubling and never shrinks; the owner calls `deallocate()` exactly once.
// Ownership: a value type owned by one HNSWSearchScratch (or HNSWBuilder); never shared.

struct HNSWNode: Sendable {
    var distance: Float
    var node: UInt32

    @inline(__always)
    func isAbove(_ other: HNSWNode) -> Bool {
        distance > other.distance || (distance == other.distance && node > other.node)
    }
}

struct HNSWNodeHeap {
    private(set) var storage: UnsafeMutablePointer<HNSWNode>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        storage = .allocate(capacity: self.capacity)
    }

    func deallocate() { storage.deallocate() }

    var isEmpty: Bool { count == 0 }

    /// The largest (distance, node); the heap must not be empty.
    @inline(__always)
    var top: HNSWNode { storage[0] }

    @inline(__always)
    mutating func removeAll() { count = 0 }

    @inline(__always)
    mutating func push(_ distance: Float, _ node: UInt32) {
        if count == capacity { grow() }
        let item = HNSWNode(distance: distance, node: node)
        var child = count
        count &+= 1
        while child > 0 {
            let parent = (child &- 1) >> 1
            guard item.isAbove(storage[parent]) else { break }
            storage[child] = storage[parent]
            child = parent
        }
        storage[child] = item
    }

    /// Removes and returns the top; the heap must not be empty.
    @inline(__always)
    @discardableResult
    mutating func pop() -> HNSWNode {
        precondition(count > 0, "pop from an empty HNSWNodeHeap")
        let result = storage[0]
        count &-= 1
        if count > 0 {
            let item = storage[count]
            var parent = 0
            while true {
                var child = 2 &* parent &+ 1
                guard child < count else { break }
                let right = child &+ 1
                if right < count && storage[right].isAbove(storage[child]) { child = right }
                guard storage[child].isAbove(item) else { break }
                storage[parent] = storage[child]
                parent = child
            }
            storage[parent] = item
        }
        return result
    }

    /// Empties the heap into `out` in ascending (distance, node) order; returns how many.
    /// `out` must hold at least `count` entries.
    mutating func drainAscending(into out: UnsafeMutablePointer<HNSWNode>) -> Int {
        let total = count
        var i = total
        while count > 0 {
            i &-= 1
            out[i] = pop()
        }
        return total
    }

    private mutating func grow() {
        let newCapacity = capacity * 2
        let newStorage = UnsafeMutablePointer<HNSWNode>.allocate(capacity: newCapacity)
        newStorage.moveInitialize(from: storage, count: count)
        storage.deallocate()
        storage = newStorage
        capacity = newCapacity
    }
}
