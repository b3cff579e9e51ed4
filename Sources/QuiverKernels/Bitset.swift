// Bitset: a fixed-length set of row positions (filter results, deletion bitmaps).
// Invariants: words.count == (count + 63) / 64; bit i lives in words[i / 64] at bit i % 64;
// bits at positions >= count are always zero, so Equatable/Hashable and setCount can work
// word by word. Index errors are caller bugs and trap.
// Ownership: a value type (copy-on-write through Array); safe to share between threads.

package struct Bitset: Sendable, Equatable, Hashable {
    package private(set) var words: [UInt64]
    package private(set) var count: Int

    /// `count` bits, all clear.
    package init(count: Int) {
        precondition(count >= 0, "bit count must be >= 0, got \(count)")
        self.count = count
        self.words = [UInt64](repeating: 0, count: Bitset.wordCount(for: count))
    }

    /// `count` bits, all set to `value`.
    package init(repeating value: Bool, count: Int) {
        self.init(count: count)
        if value {
            for i in words.indices { words[i] = ~0 }
            clearBitsPastCount()
        }
    }

    /// Adopts `words`; bits at positions >= count are cleared.
    package init(words: [UInt64], count: Int) {
        precondition(count >= 0 && words.count == Bitset.wordCount(for: count),
                     "\(words.count) words cannot hold exactly \(count) bits")
        self.words = words
        self.count = count
        clearBitsPastCount()
    }

    package subscript(_ index: Int) -> Bool {
        get {
            precondition(index >= 0 && index < count, "bit \(index) out of range 0..<\(count)")
            return words[index >> 6] & (1 << UInt64(index & 63)) != 0
        }
        set {
            precondition(index >= 0 && index < count, "bit \(index) out of range 0..<\(count)")
            let mask: UInt64 = 1 << UInt64(index & 63)
            if newValue { words[index >> 6] |= mask } else { words[index >> 6] &= ~mask }
        }
    }

    /// Appends one bit at position `count`.
    package mutating func append(_ bit: Bool) {
        if count & 63 == 0 { words.append(0) }
        count += 1
        if bit { self[count - 1] = true }
    }

    /// Grows (new bits clear) or shrinks (bits past the new count dropped) to `count` bits.
    package mutating func resize(to count: Int) {
        precondition(count >= 0, "bit count must be >= 0, got \(count)")
        let wordCount = Bitset.wordCount(for: count)
        if wordCount < words.count {
            words.removeLast(words.count - wordCount)
        } else if wordCount > words.count {
            words.append(contentsOf: repeatElement(0, count: wordCount - words.count))
        }
        self.count = count
        clearBitsPastCount()
    }

    /// Number of set bits.
    package var setCount: Int {
        words.reduce(0) { $0 &+ $1.nonzeroBitCount }
    }

    /// True when no bit is set.
    package var isEmpty: Bool {
        words.allSatisfy { $0 == 0 }
    }

    /// self |= other.
    package mutating func formUnion(_ other: Bitset) {
        precondition(other.count == count, "bitset sizes differ: \(count) vs \(other.count)")
        for i in words.indices { words[i] |= other.words[i] }
    }

    /// self &= other.
    package mutating func formIntersection(_ other: Bitset) {
        precondition(other.count == count, "bitset sizes differ: \(count) vs \(other.count)")
        for i in words.indices { words[i] &= other.words[i] }
    }

    /// self &= ~other (e.g. a filter result minus the deleted rows).
    package mutating func subtract(_ other: Bitset) {
        precondition(other.count == count, "bitset sizes differ: \(count) vs \(other.count)")
        for i in words.indices { words[i] &= ~other.words[i] }
    }

    /// Positions of the set bits, ascending.
    package func setIndices() -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(setCount)
        for (wordIndex, word) in words.enumerated() {
            var remaining = word
            while remaining != 0 {
                result.append(wordIndex << 6 | remaining.trailingZeroBitCount)
                remaining &= remaining &- 1
            }
        }
        return result
    }

    // MARK: Internal

    static func wordCount(for bitCount: Int) -> Int { (bitCount + 63) >> 6 }

    private mutating func clearBitsPastCount() {
        let usedBits = count & 63
        if usedBits != 0 { words[words.count - 1] &= (1 << UInt64(usedBits)) - 1 }
    }
}
