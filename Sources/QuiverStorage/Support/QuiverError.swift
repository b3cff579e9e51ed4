// QuiverError: the one public error type of Quiver, with stable codes callers can match.
// Invariants: `message` never contains vector or payload values beyond the one scalar at fault
// (GRDB's privacy default); codes are stable strings that never change meaning.
// Ownership: thrown by every layer that faces callers; lower layers throw their own typed errors
// (FileSystemError, CatalogError, WALReadError, SegmentReadError) which are wrapped here.

import Foundation

public struct QuiverError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A stable error class. Match with `catch let error as QuiverError where error.code == .notFound`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The caller passed something invalid: a bad row, parameter or name. Nothing was changed.
        public static let invalidArgument = Code("invalid_argument")
        /// A collection, field or row that the call names does not exist.
        public static let notFound = Code("not_found")
        /// A collection with that name exists, or a primary key is already stored.
        public static let alreadyExists = Code("already_exists")
        /// Bytes on disk failed a checksum or a format check; the message names the file and offset.
        public static let corruption = Code("corruption")
        /// The operating system reported an I/O error (including a full disk).
        public static let io = Code("io")
        /// The database or collection is closed, or stopped after a fatal write error.
        public static let closed = Code("closed")
        /// Another process holds the data directory.
        public static let locked = Code("locked")
        /// The collection is released; load it before searching or querying (Milvus code 101).
        public static let notLoaded = Code("not_loaded")
        /// A read named a released partition of a loaded collection (Milvus code 201).
        public static let partitionNotLoaded = Code("partition_not_loaded")
        /// A bug in Quiver: an internal invariant did not hold.
        public static let internalError = Code("internal")

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
