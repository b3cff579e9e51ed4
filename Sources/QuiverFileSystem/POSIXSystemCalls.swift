// POSIXSystemCalls: the small layer between POSIXFileSystem/POSIXFile and libc: EINTR retry,
// errno to FileSystemError.Kind, stat and directory listing.
// Invariants: every helper reads errno immediately after the failing call; EINTR is retried, never
// reported. Nothing here keeps state.
// Ownership: internal to QuiverFileSystem.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

enum POSIXSystemCalls {
    /// Runs `call` until it does not fail with EINTR; returns its result (negative on failure, with
    /// errno still set by the last attempt).
    static func retryingInterrupts<Result: BinaryInteger>(_ call: () -> Result) -> Result {
        while true {
            let result = call()
            if result < 0 && errno == EINTR { continue }
            return result
        }
    }

    static func kind(forErrno code: Int32) -> FileSystemError.Kind {
        switch code {
        case ENOENT: .notFound
        case EEXIST, ENOTEMPTY: .alreadyExists
        case EWOULDBLOCK: .locked
        case ENOSPC, EDQUOT: .noSpace
        case ENOTDIR: .notADirectory
        case EINVAL, EISDIR, ENAMETOOLONG, EBADF, ELOOP: .invalidArgument
        default: .io
        }
    }

    /// The error for the errno the last failing call left behind.
    static func error(_ operation: String, path: String, detail: String? = nil) -> FileSystemError {
        errorFor(errno, operation, path: path, detail: detail)
    }

    static func errorFor(_ code: Int32, _ operation: String, path: String, detail: String? = nil) -> FileSystemError {
        FileSystemError(kind(forErrno: code), path: path, operation: operation, errno: code, detail: detail)
    }

    /// lstat; nil when the path does not exist (or cannot be examined).
    static func status(ofPath path: String) -> stat? {
        var info = stat()
        let result = retryingInterrupts { lstat(path, &info) }
        return result == 0 ? info : nil
    }

    /// stat following symbolic links.
    static func statusFollowingLinks(ofPath path: String) -> stat? {
        var info = stat()
        let result = retryingInterrupts { stat(path, &info) }
        return result == 0 ? info : nil
    }

    static func isDirectory(_ info: stat) -> Bool {
        (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Entry names of a directory, without "." and "..", unsorted.
    static func entryNames(ofDirectory path: String, operation: String) throws -> [String] {
        guard let stream = opendir(path) else { throw error(operation, path: path) }
        defer { closedir(stream) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw error(operation, path: path) }
                break
            }
            let name = withUnsafePointer(to: &entry.pointee.d_name) { tuple in
                String(cString: UnsafeRawPointer(tuple).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Closes a descriptor; EINTR on close is not retried (the descriptor is gone either way on Linux).
    static func closeDescriptor(_ descriptor: Int32, operation: String, path: String) throws {
        if close(descriptor) != 0 && errno != EINTR {
            throw error(operation, path: path)
        }
    }

    /// For cleanup paths (deinit, unlock) where there is no caller to report to.
    static func closeIgnoringErrors(_ descriptor: Int32) {
        _ = close(descriptor)
    }
}
