// AppendOnlyArray: fixed-capacity storage that one writer appends to while readers read the
// prefix they were handed, without locks.
// Invariants: storage never moves (allocated once at `capacity`); element i is written once, before
// the row count that covers it is published (publishing goes through a Mutex, which orders the
// write before any reader's read); elements below a published count are never written again.
// Ownership: appended to only by the CollectionWriter actor (or once, by a segment decoder).

package final class AppendOnlyArray<Element>: @unchecked Sendable {
    let capacity: Int
    fileprivate let base: UnsafeMutablePointer<Element>
    /// Written only by the owning writer; readers use counts from their snapshot instead.
    package private(set) var count = 0

    init(capacity: Int) {
        precondition(capacity >= 0)
        self.capacity = capacity
        self.base = .allocate(capacity: max(capacity, 1))
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    var remainingCapacity: Int { capacity - count }

    func append(_ element: Element) {
        precondition(count < capacity, "AppendOnlyArray overflow: capacity \(capacity)")
        (base + count).initialize(to: element)
        count += 1
    }

    func append<C: Collection>(contentsOf elements: C) where C.Element == Element {
        precondition(count + elements.count <= capacity, "AppendOnlyArray overflow: capacity \(capacity)")
        var position = base + count
        for element in elements {
            position.initialize(to: element)
            position += 1
        }
        count += elements.count
    }

    /// Readers check against `capacity`, never `count`: the writer may be incrementing `count`
    /// on another thread, and a reader's rows are bounded by its snapshot anyway.
    package subscript(index: Int) -> Element {
        precondition(index >= 0 && index < capacity, "AppendOnlyArray index \(index) out of 0..<\(capacity)")
        return base[index]
    }

    /// The first `prefixCount` elements as a buffer; valid while this array is alive.
    package func withPrefix<R>(_ prefixCount: Int, _ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        precondition(prefixCount <= capacity)
        return try body(UnsafeBufferPointer(start: base, count: prefixCount))
    }
}

extension AppendOnlyArray where Element: BitwiseCopyable {
    /// Bulk append by memcpy.
    func append(from source: UnsafeBufferPointer<Element>) {
        precondition(count + source.count <= capacity, "AppendOnlyArray overflow: capacity \(capacity)")
        guard let start = source.baseAddress, source.count > 0 else { return }
        (base + count).initialize(from: start, count: source.count)
        count += source.count
    }
}

extension AppendOnlyArray {
    /// Appends elements `range` of another array (used by compaction to copy live rows).
    func append(from other: AppendOnlyArray<Element>, range: Range<Int>) {
        precondition(range.upperBound <= other.count && count + range.count <= capacity, "AppendOnlyArray copy out of range")
        (base + count).initialize(from: other.base + range.lowerBound, count: range.count)
        count += range.count
    }
}
