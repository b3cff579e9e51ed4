// ByteReaderError: a read ran past the end of the reader's range (truncated or corrupt input).
// Invariants: `offset` is the absolute index into the reader's array where the failed read
// began, `needed` the bytes it asked for, `available` the bytes left from there. The message
// names offsets and sizes only, never content.
// Ownership: a value type thrown by ByteReader; decoders wrap it in their own errors.

public struct ByteReaderError: Error, Sendable, Equatable, CustomStringConvertible {
    public let offset: Int
    public let needed: Int
    public let available: Int

    public init(offset: Int, needed: Int, available: Int) {
        self.offset = offset
        self.needed = needed
        self.available = available
    }

    public var description: String {
        "truncated at offset \(offset): needed \(needed) bytes, have \(available)"
    }
}
