// FileSystemError: the one error every FileSystem implementation throws.
// Invariants: `kind` is the stable thing callers branch on (retry, report ENOSPC, treat as a crash);
// `description` is for people and may change. Messages name the file and the operation, never file
// contents. `errno` is set only when the error came from a POSIX call.
// Ownership: a value type, created by POSIXFileSystem and MemoryFileSystem, matched by everyone.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

public struct FileSystemError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable, CustomStringConvertible {
        case notFound, alreadyExists, locked, noSpace, io, injected, crashed, notADirectory, invalidArgument

        public var description: String {
            switch self {
            case .notFound: "no such file or directory"
            case .alreadyExists: "already exists"
            case .locked: "locked by another holder"
            case .noSpace: "no space left"
            case .io: "I/O error"
            case .injected: "injected fault"
            case .crashed: "the file system crashed"
            case .notADirectory: "not a directory"
            case .invalidArgument: "invalid argument"
            }
        }
    }

    public let kind: Kind
    /// The path the caller passed (for rename: the source; the destination is in `detail`).
    public let path: String
    /// What was attempted: "createDirectory", "create", "open", "append", "sync", "close", "read",
    /// "size", "list", "remove", "removeDirectory", "rename", "truncate", "syncDirectory", "lock".
    public let operation: String
    /// The POSIX errno, when the failure came from a system call.
    public let errno: Int32?
    /// Extra context for people ("to 'b'", "injected fault", "simulated crash"); may be nil.
    public let detail: String?

    public init(_ kind: Kind, path: String, operation: String, errno: Int32? = nil, detail: String? = nil) {
        self.kind = kind
        self.path = path
        self.operation = operation
        self.errno = errno
        self.detail = detail
    }

    /// Example: "sync of 'collections/1/wal/000001.qwal' failed: No space left on device (errno 28)".
    public var description: String {
        var reason: String
        if let errno {
            reason = "\(String(cString: strerror(errno))) (errno \(errno))"
        } else {
            reason = kind.description
        }
        if let detail { reason += " (\(detail))" }
        return "\(operation) of '\(path)' failed: \(reason)"
    }
}
