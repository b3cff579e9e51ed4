// ByteReaderError: a read ran past the end of the reader's range (truncated or corrupt input).
// Invariants: `offset` is the absolute index into the reader's array where the failed read
// began, `needed` the bytes it asked for, `available` the bytes left from there. The message
// names offsets and sizes only, never content.
// Ownership: a value type thrown by ByteReader; decoders wrap it in their own errors.

package struct ByteReaderError: Error, Sendable, Equatable, CustomStringConvertible {
    package let offset: Int
    package let needed: Int
    package let available: Int

    package init(offset: Int, needed: Int, available: Int) {
        self.offset = offset
        self.needed = needed
        self.available = available
    }

    package var description: String {
        "truncated at offset \(offset): needed \(needed) bytes, have \(available)"
    }
}
