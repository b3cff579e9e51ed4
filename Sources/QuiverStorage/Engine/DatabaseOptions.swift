// DatabaseOptions: how a database trades durability for speed and when buffers become segments.

public struct DatabaseOptions: Sendable {
    public enum Durability: Sendable {
        /// A write is acknowledged after its WAL record is fsynced (group commit: writers that
        /// arrive while a sync runs share the next one). Nothing acknowledged is ever lost.
        case sync
        /// A write is acknowledged after `write(2)`; the WAL is fsynced at least every
        /// `flushInterval`. A process crash loses nothing; a power loss may lose up to one
        /// `flushInterval` of acknowledged writes.
        case async
    }

    public var durability: Durability = .sync
    /// How often the mutable buffer is sealed into a segment file.
    public var flushInterval: Duration = .seconds(1)
    /// A buffer is sealed early when it reaches this many rows...
    public var bufferMaxRows: Int = 100_000
    /// ...or about this many bytes of vectors and values.
    public var bufferMaxByteCount: Int = 64 << 20
    /// Receives recovery and flush events (dropped WAL tails, removed files). The library never
    /// prints on its own.
    public var log: (@Sendable (String) -> Void)? = nil

    public init(durability: Durability = .sync, flushInterval: Duration = .seconds(1)) {
        self.durability = durability
        self.flushInterval = flushInterval
    }
}
