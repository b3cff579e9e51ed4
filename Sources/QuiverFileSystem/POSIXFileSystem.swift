// POSIXFileSystem: FileSystem over the operating system's calls, for real use.
// Invariants: paths are used as given (absolute, or relative to the current directory); EINTR is
// retried and short writes are looped (POSIXFile); every error carries the errno. rename is rename(2);
// syncDirectory is open(O_RDONLY|O_DIRECTORY) + fsync; lockFile is flock(LOCK_EX|LOCK_NB), which on
// Linux also excludes a second lock taken through another descriptor in the same process.
// Ownership: stateless, so one instance may be shared by every thread.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

public final class POSIXFileSystem: FileSystem {
    public init() {}

    private static let fileMode: mode_t = 0o644
    private static let directoryMode: mode_t = 0o755

    public func createDirectory(atPath path: String) throws {
        guard !path.isEmpty else {
            throw FileSystemError(.invalidArgument, path: path, operation: "createDirectory", detail: "empty path")
        }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += component
            let result = POSIXSystemCalls.retryingInterrupts { mkdir(prefix, Self.directoryMode) }
            if result != 0 {
                let code = errno
                guard code == EEXIST else { throw POSIXSystemCalls.errorFor(code, "createDirectory", path: path) }
                guard let info = POSIXSystemCalls.statusFollowingLinks(ofPath: prefix),
                      POSIXSystemCalls.isDirectory(info) else {
                    throw FileSystemError(.alreadyExists, path: path, operation: "createDirectory", errno: EEXIST,
                                          detail: "'\(prefix)' is not a directory")
                }
            }
            prefix += "/"
        }
    }

    public func fileExists(atPath path: String) -> Bool {
        POSIXSystemCalls.statusFollowingLinks(ofPath: path) != nil
    }

    public func isDirectory(atPath path: String) -> Bool {
        POSIXSystemCalls.statusFollowingLinks(ofPath: path).map(POSIXSystemCalls.isDirectory) ?? false
    }

    public func contentsOfDirectory(atPath path: String) throws -> [String] {
        try POSIXSystemCalls.entryNames(ofDirectory: path, operation: "list").sorted()
    }

    public func createFile(atPath path: String) throws -> any WritableFile {
        let descriptor = POSIXSystemCalls.retryingInterrupts {
            open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, Self.fileMode)
        }
        guard descriptor >= 0 else { throw POSIXSystemCalls.error("create", path: path) }
        return POSIXWritableFile(path: path, descriptor: descriptor, size: 0)
    }

    public func openForAppending(atPath path: String) throws -> any WritableFile {
        let descriptor = POSIXSystemCalls.retryingInterrupts { open(path, O_WRONLY | O_APPEND | O_CLOEXEC) }
        guard descriptor >= 0 else { throw POSIXSystemCalls.error("open", path: path) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let error = POSIXSystemCalls.error("open", path: path)
            POSIXSystemCalls.closeIgnoringErrors(descriptor)
            throw error
        }
        return POSIXWritableFile(path: path, descriptor: descriptor, size: Int(info.st_size))
    }

    public func readFile(atPath path: String) throws -> [UInt8] {
        let descriptor = POSIXSystemCalls.retryingInterrupts { open(path, O_RDONLY | O_CLOEXEC) }
        guard descriptor >= 0 else { throw POSIXSystemCalls.error("read", path: path) }
        defer { POSIXSystemCalls.closeIgnoringErrors(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw POSIXSystemCalls.error("read", path: path) }
        // Read into the result directly; the size is a hint (the file may change while we read).
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var filledByteCount = 0
        while true {
            if filledByteCount == bytes.count {
                bytes.append(contentsOf: repeatElement(0, count: 64 * 1024))
            }
            let readCount = bytes.withUnsafeMutableBytes { buffer in
                POSIXSystemCalls.retryingInterrupts {
                    read(descriptor, buffer.baseAddress! + filledByteCount, buffer.count - filledByteCount)
                }
            }
            if readCount < 0 { throw POSIXSystemCalls.error("read", path: path) }
            if readCount == 0 { break }
            filledByteCount += readCount
        }
        bytes.removeLast(bytes.count - filledByteCount)
        return bytes
    }

    public func fileSize(atPath path: String) throws -> Int {
        var info = stat()
        guard POSIXSystemCalls.retryingInterrupts({ stat(path, &info) }) == 0 else {
            throw POSIXSystemCalls.error("size", path: path)
        }
        return Int(info.st_size)
    }

    public func removeFile(atPath path: String) throws {
        guard POSIXSystemCalls.retryingInterrupts({ unlink(path) }) == 0 else {
            throw POSIXSystemCalls.error("remove", path: path)
        }
    }

    public func removeDirectory(atPath path: String) throws {
        guard let info = POSIXSystemCalls.status(ofPath: path) else {
            throw POSIXSystemCalls.error("removeDirectory", path: path)
        }
        guard POSIXSystemCalls.isDirectory(info) else {
            throw FileSystemError(.notADirectory, path: path, operation: "removeDirectory", errno: ENOTDIR)
        }
        try removeTree(atPath: path)
    }

    /// Depth-first removal that never follows symbolic links (lstat).
    private func removeTree(atPath path: String) throws {
        for name in try POSIXSystemCalls.entryNames(ofDirectory: path, operation: "removeDirectory") {
            let child = path.hasSuffix("/") ? path + name : path + "/" + name
            if let info = POSIXSystemCalls.status(ofPath: child), POSIXSystemCalls.isDirectory(info) {
                try removeTree(atPath: child)
            } else if POSIXSystemCalls.retryingInterrupts({ unlink(child) }) != 0 && errno != ENOENT {
                throw POSIXSystemCalls.error("removeDirectory", path: child)
            }
        }
        guard POSIXSystemCalls.retryingInterrupts({ rmdir(path) }) == 0 else {
            throw POSIXSystemCalls.error("removeDirectory", path: path)
        }
    }

    public func rename(atPath source: String, toPath destination: String) throws {
        let result = POSIXSystemCalls.retryingInterrupts {
            #if canImport(Glibc)
            Glibc.rename(source, destination)
            #elseif canImport(Musl)
            Musl.rename(source, destination)
            #else
            Darwin.rename(source, destination)
            #endif
        }
        guard result == 0 else { throw POSIXSystemCalls.error("rename", path: source, detail: "to '\(destination)'") }
    }

    public func truncateFile(atPath path: String, toSize size: Int) throws {
        guard size >= 0 else {
            throw FileSystemError(.invalidArgument, path: path, operation: "truncate", detail: "negative size \(size)")
        }
        guard POSIXSystemCalls.retryingInterrupts({ truncate(path, off_t(size)) }) == 0 else {
            throw POSIXSystemCalls.error("truncate", path: path)
        }
    }

    public func syncDirectory(atPath path: String) throws {
        let descriptor = POSIXSystemCalls.retryingInterrupts { open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        guard descriptor >= 0 else { throw POSIXSystemCalls.error("syncDirectory", path: path) }
        defer { POSIXSystemCalls.closeIgnoringErrors(descriptor) }
        guard POSIXSystemCalls.retryingInterrupts({ fsync(descriptor) }) == 0 else {
            throw POSIXSystemCalls.error("syncDirectory", path: path)
        }
    }

    public func lockFile(atPath path: String) throws -> any FileLock {
        let descriptor = POSIXSystemCalls.retryingInterrupts { open(path, O_RDWR | O_CREAT | O_CLOEXEC, Self.fileMode) }
        guard descriptor >= 0 else { throw POSIXSystemCalls.error("lock", path: path) }
        guard POSIXSystemCalls.retryingInterrupts({ flock(descriptor, LOCK_EX | LOCK_NB) }) == 0 else {
            let error = POSIXSystemCalls.error("lock", path: path)
            POSIXSystemCalls.closeIgnoringErrors(descriptor)
            throw error
        }
        return POSIXFileLock(descriptor: descriptor)
    }
}
