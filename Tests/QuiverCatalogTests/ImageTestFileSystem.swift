// ImageTestFileSystem: a tiny test-only in-memory FileSystem. Any FileSystem other than POSIXFileSystem
// puts the Catalog in image mode; this one adds fault injection: it can fail the next renames or
// directory syncs. (QuiverFileSystem's MemoryFileSystem is the full crash-simulating one; this file
// keeps the catalog tests independent of its fault-injection API.)
// Invariants: every injected fault is counted, so a test can check that it reached the caller;
// a file is visible (truncated) from createFile on and grows with each append; nothing is ever lost.
// Ownership: test target only; thread-safe through its Mutex.

import QuiverFileSystem
import Synchronization

final class ImageTestFileSystem: FileSystem {
    struct Contents {
        var files: [String: [UInt8]] = [:]
        var directories: Set<String> = ["/"]
        var renameFailuresLeft = 0
        var directorySyncFailuresLeft = 0
        var injectedFaultCount = 0
    }

    // Guarded by `contents`: every file, directory and pending fault.
    let contents = Mutex(Contents())

    func failNextRenames(_ count: Int) { contents.withLock { $0.renameFailuresLeft = count } }
    func failNextDirectorySyncs(_ count: Int) { contents.withLock { $0.directorySyncFailuresLeft = count } }
    var injectedFaultCount: Int { contents.withLock { $0.injectedFaultCount } }

    func createDirectory(atPath path: String) throws {
        contents.withLock { _ = $0.directories.insert(path) }
    }

    func fileExists(atPath path: String) -> Bool {
        contents.withLock { $0.files[path] != nil || $0.directories.contains(path) }
    }

    func isDirectory(atPath path: String) -> Bool {
        contents.withLock { $0.directories.contains(path) }
    }

    func contentsOfDirectory(atPath path: String) throws -> [String] {
        let prefix = path.hasSuffix("/") ? path : path + "/"
        return contents.withLock { contents in
            (Array(contents.files.keys) + Array(contents.directories))
                .filter { $0.hasPrefix(prefix) && !$0.dropFirst(prefix.count).contains("/") && $0 != prefix }
                .map { String($0.dropFirst(prefix.count)) }
                .sorted()
        }
    }

    func createFile(atPath path: String) throws -> any WritableFile {
        contents.withLock { $0.files[path] = [] }
        return ImageTestFile(path: path, fileSystem: self)
    }

    func openForAppending(atPath path: String) throws -> any WritableFile {
        guard fileExists(atPath: path) else { throw FileSystemError(.notFound, path: path, operation: "open") }
        return ImageTestFile(path: path, fileSystem: self)
    }

    func readFile(atPath path: String) throws -> [UInt8] {
        guard let bytes = contents.withLock({ $0.files[path] }) else {
            throw FileSystemError(.notFound, path: path, operation: "read")
        }
        return bytes
    }

    func fileSize(atPath path: String) throws -> Int {
        try readFile(atPath: path).count
    }

    func removeFile(atPath path: String) throws {
        try contents.withLock { contents in
            guard contents.files.removeValue(forKey: path) != nil else {
                throw FileSystemError(.notFound, path: path, operation: "remove")
            }
        }
    }

    func removeDirectory(atPath path: String) throws {
        let prefix = path + "/"
        contents.withLock { contents in
            contents.files = contents.files.filter { !$0.key.hasPrefix(prefix) }
            contents.directories = contents.directories.filter { $0 != path && !$0.hasPrefix(prefix) }
        }
    }

    func rename(atPath source: String, toPath destination: String) throws {
        try contents.withLock { contents in
            if contents.renameFailuresLeft > 0 {
                contents.renameFailuresLeft -= 1
                contents.injectedFaultCount += 1
                throw FileSystemError(.injected, path: source, operation: "rename")
            }
            guard let bytes = contents.files.removeValue(forKey: source) else {
                throw FileSystemError(.notFound, path: source, operation: "rename")
            }
            contents.files[destination] = bytes
        }
    }

    func truncateFile(atPath path: String, toSize size: Int) throws {
        try contents.withLock { contents in
            guard let bytes = contents.files[path] else {
                throw FileSystemError(.notFound, path: path, operation: "truncate")
            }
            contents.files[path] = Array(bytes.prefix(size))
        }
    }

    func syncDirectory(atPath path: String) throws {
        try contents.withLock { contents in
            if contents.directorySyncFailuresLeft > 0 {
                contents.directorySyncFailuresLeft -= 1
                contents.injectedFaultCount += 1
                throw FileSystemError(.injected, path: path, operation: "syncDirectory")
            }
        }
    }

    func lockFile(atPath path: String) throws -> any FileLock {
        contents.withLock { contents in
            if contents.files[path] == nil { contents.files[path] = [] }
        }
        return ImageTestLock()
    }
}

final class ImageTestFile: WritableFile {
    let path: String
    let fileSystem: ImageTestFileSystem

    init(path: String, fileSystem: ImageTestFileSystem) {
        self.path = path
        self.fileSystem = fileSystem
    }

    var size: Int { fileSystem.contents.withLock { $0.files[path]?.count ?? 0 } }

    func append(_ bytes: UnsafeRawBufferPointer) throws {
        let copied = [UInt8](bytes)
        fileSystem.contents.withLock { $0.files[path, default: []].append(contentsOf: copied) }
    }

    func sync() throws {}
    func close() throws {}
}

/// One process, no contention in these tests: the lock only has to exist.
final class ImageTestLock: FileLock {
    func unlock() {}
}
