// CatalogError: the one error type every public Catalog method throws.
// Invariants: `message` names the catalog file and, for SQLite failures, SQLite's own error text;
// it never contains caller values such as collection schemas or metadata values.
// `kind` is what callers branch on; the message is for people.
// Ownership: created anywhere in QuiverCatalog; immutable.

public struct CatalogError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// The catalog file is not an SQLite database, fails its integrity check, or was written by a newer version.
        case corrupt
        /// SQLite reported an error that is not classified below (also: use after `close()`).
        case sqlite
        /// A uniqueness or ordering rule was violated (duplicate name, duplicate segment id, lower checkpoint).
        case constraint
        /// A collection or segment the caller named does not exist.
        case notFound
        /// Reading or writing the catalog file failed.
        case io
    }

    public let kind: Kind
    public let message: String
    /// The FileSystem error that caused an `.io` error, so injected faults can be matched by tests.
    public let underlyingError: (any Error)?

    public init(_ kind: Kind, _ message: String, underlyingError: (any Error)? = nil) {
        self.kind = kind
        self.message = message
        self.underlyingError = underlyingError
    }

    public var description: String { "CatalogError.\(kind): \(message)" }
}
