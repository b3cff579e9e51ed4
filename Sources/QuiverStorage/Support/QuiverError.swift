// QuiverError: the one public error type of Quiver, with stable codes callers can match.
// Invariants: `message` never contains vector or payload values beyond the one scalar at fault
// (GRDB's privacy default); codes are stable strings that never change meaning.
// Ownership: thrown by every layer that faces callers; lower layers throw their own typed errors
// (FileSystemError, CatalogError, WALReadError, SegmentReadError) which are wrapped here.

import Foundation

public struct QuiverError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A stable error class. Match with `catch let error as QuiverError where error.code == .notFound`.
    public enum Code: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        /// The caller passed something invalid: a bad row, parameter or name. Nothing was changed.
        case invalidArgument = "invalid_argument"
        /// A collection, field or row that the call names does not exist.
        case notFound = "not_found"
        /// A collection with that name exists, or a primary key is already stored.
        case alreadyExists = "already_exists"
        /// Bytes on disk failed a checksum or a format check; the message names the file and offset.
        case corruption = "corruption"
        /// The operating system reported an I/O error (including a full disk).
        case io = "io"
        /// The database or collection is closed, or stopped after a fatal write error.
        case closed = "closed"
        /// Another process holds the data directory.
        case locked = "locked"
        /// The collection is released; load it before searching or querying (Milvus code 101).
        case notLoaded = "not_loaded"
        /// A read named a released partition of a loaded collection (Milvus code 201).
        case partitionNotLoaded = "partition_not_loaded"
        /// A bug in Quiver: an internal invariant did not hold.
        case internalError = "internal"

        public var description: String { rawValue }

        /// Lets callers write `catch QuiverError.Code.notFound`.
        public static func ~= (code: Code, error: any Error) -> Bool {
            (error as? QuiverError)?.code == code
        }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
