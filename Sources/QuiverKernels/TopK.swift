// TopK: a bounded heap that keeps the k best (score, label) pairs for one metric direction.
// Invariants: `entries` is a binary heap with the *worst* kept entry at index 0; at most k
// entries; "better" means a closer score, and among equal scores the smaller label, so the
// result is deterministic whatever the push order. NaN scores are dropped (vectors are
// validated free of NaN/Inf before they are stored, so a NaN score carries no meaning).
// Ownership: a value type; each scan owns its own and merges them afterwards.

package struct TopK: Sendable {
    struct Entry: Sendable {
        var score: Float
        var label: Int
    }

    package let k: Int
    package let largerIsCloser: Bool
    private var entries: [Entry]

    package init(k: Int, largerIsCloser: Bool) {
        precondition(k > 0, "k must be > 0, got \(k)")
        self.k = k
        self.largerIsCloser = largerIsCloser
        self.entries = []
        entries.reserveCapacity(min(k, 4096))
    }

    package var count: Int { entries.count }
    package var isFull: Bool { entries.count >= k }

    /// The score a new item must beat once full; nil while not full.
    package var worstScore: Float? { isFull ? entries[0].score : nil }

    /// True if `push` with this score could keep the item (ties with the worst score count as
    /// possible keeps, since the label decides). A fast pre-check for scan loops.
    @inline(__always)
    package func accepts(_ score: Float) -> Bool {
        guard entries.count >= k else { return !score.isNaN }
        let worst = entries[0].score
        return largerIsCloser ? score >= worst : score <= worst
    }

    package mutating func push(score: Float, label: Int) {
        guard !score.isNaN else { return }
        let entry = Entry(score: score, label: label)
        if entries.count < k {
            entries.append(entry)
            siftUp(from: entries.count - 1)
        } else if isBetter(entry, than: entries[0]) {
            entries[0] = entry
            siftDown(from: 0)
        }
    }

    /// Pushes every entry of `other` (which must point the same way); keeps this heap's k.
    package mutating func merge(_ other: TopK) {
        precondition(other.largerIsCloser == largerIsCloser, "merging TopK heaps of opposite directions")
        for entry in other.entries {
            push(score: entry.score, label: entry.label)
        }
    }

    /// The kept pairs, best first.
    package func sortedResults() -> [(score: Float, label: Int)] {
        entries.sorted { isBetter($0, than: $1) }.map { (score: $0.score, label: $0.label) }
    }

    // MARK: Heap

    @inline(__always)
    private func isBetter(_ a: Entry, than b: Entry) -> Bool {
        if a.score != b.score {
            return largerIsCloser ? a.score > b.score : a.score < b.score
        }
        return a.label < b.label
    }

    private mutating func siftUp(from start: Int) {
        var child = start
        let entry = entries[child]
        while child > 0 {
            let parent = (child - 1) / 2
            // The root holds the worst: move the parent down while it is better than `entry`.
            guard isBetter(entries[parent], than: entry) else { break }
            entries[child] = entries[parent]
            child = parent
        }
        entries[child] = entry
    }

    private mutating func siftDown(from start: Int) {
        var parent = start
        let entry = entries[parent]
        let count = entries.count
        while true {
            var worst = 2 * parent + 1
            guard worst < count else { break }
            let right = worst + 1
            if right < count && isBetter(entries[worst], than: entries[right]) { worst = right }
            guard isBetter(entry, than: entries[worst]) else { break }
            entries[parent] = entries[worst]
            parent = worst
        }
        entries[parent] = entry
    }
}
