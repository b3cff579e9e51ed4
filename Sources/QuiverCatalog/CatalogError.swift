// CatalogError: the one error type every package Catalog method throws.
// Invariants: `message` names the catalog file and, for SQLite failures, SQLite's own error text;
// it never contains caller values such as collection schemas or metadata values.
// `kind` is what callers branch on; the message is for people.
// Ownership: created anywhere in QuiverCatalog; immutable.

package struct CatalogError: Error, Sendable, CustomStringConvertible {
    package enum Kind: Sendable {
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

    package let kind: Kind
    package let message: String
    /// The FileSystem error that caused an `.io` error, so injected faults can be matched by tests.
    package let underlyingError: (any Error)?

    package init(_ kind: Kind, _ message: String, underlyingError: (any Error)? = nil) {
        self.kind = kind
        self.message = message
        self.underlyingError = underlyingError
    }

    package var description: String { "CatalogError.\(kind): \(message)" }
}
