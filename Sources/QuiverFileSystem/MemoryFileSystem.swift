// MemoryFileSystem: an in-memory FileSystem for tests that can crash (MemoryFileSystem+Crash.swift)
// and inject faults (MemoryFileSystem+Faults.swift); models: Pebble's vfs.MemFS and errorfs,
// LevelDB's FaultInjectionTestEnv.
// Invariants (the durability model, see MemoryFileTree.swift):
// - appended bytes are durable after WritableFile.sync(); file entries created, renamed or removed
//   are durable after syncDirectory(parent);
// - simplification: createDirectory and removeDirectory are durable at once (a directory never
//   reappears or vanishes in a crash image because its parent was not synced);
// - truncation (truncateFile, or createFile over an existing file) is durable at once: it shortens
//   the synced bytes too, as a real file system may lose them at a crash;
// - paths are normalized (MemoryPath): "/a/b", "a/b" and "/a//b/" name the same file;
// - a failing operation changes nothing: a failed append writes no byte, a failed sync leaves the
//   synced bytes as they were.
// Ownership: shared by every thread of a test; all state sits behind one mutex, `state`.

import Synchronization

public final class MemoryFileSystem: FileSystem {
    // Guarded by `state`: the tree, handles, locks, crash and fault settings.
    let state: Mutex<MemoryFileSystemState>

    public init() {
        state = Mutex(MemoryFileSystemState(root: MemoryDirectory()))
    }

    /// A file system holding `image`, everything durable (used by crashImage).
    init(image: MemoryImage) {
        state = Mutex(MemoryFileSystemState(root: image.makeTree()))
    }

    public func createDirectory(atPath path: String) throws {
        let target = MemoryPath(path)
        try state.withLock { state in
            try state.beginMutation("createDirectory", path, paths: [target])
            var directory = state.root
            for (index, name) in target.components.enumerated() {
                switch directory.entries[name] {
                case .directory(let child)?:
                    directory = child
                case .file?:
                    let isLast = index == target.components.count - 1
                    throw FileSystemError(isLast ? .alreadyExists : .notADirectory, path: path,
                                          operation: "createDirectory")
                case nil:
                    let child = MemoryDirectory()
                    directory.entries[name] = .directory(child)
                    directory.syncedEntries[name] = .directory(child)   // durable at once (see header)
                    directory = child
                }
            }
        }
    }

    public func fileExists(atPath path: String) -> Bool {
        state.withLock { state in
            !state.isCrashed && (try? state.node(at: MemoryPath(path), "exists", path)) != nil
        }
    }

    public func isDirectory(atPath path: String) -> Bool {
        state.withLock { state in
            !state.isCrashed && (try? state.node(at: MemoryPath(path), "exists", path))?.directory != nil
        }
    }

    public func contentsOfDirectory(atPath path: String) throws -> [String] {
        try state.withLock { state in
            try state.checkAlive("list", path)
            return try state.directory(at: MemoryPath(path), "list", path).entries.keys.sorted()
        }
    }

    public func createFile(atPath path: String) throws -> any WritableFile {
        let target = MemoryPath(path)
        let handleID = try state.withLock { state in
            try state.beginMutation("create", path, paths: [target])
            let (parent, name) = try state.parent(of: target, "create", path)
            let inode: MemoryInode
            switch parent.entries[name] {
            case .file(let existing)?:
                existing.truncate(toByteCount: 0)
                inode = existing
            case .directory?:
                throw FileSystemError(.invalidArgument, path: path, operation: "create", detail: "is a directory")
            case nil:
                inode = MemoryInode()
                parent.entries[name] = .file(inode)
            }
            let handleID = state.makeHandleID()
            state.handles[handleID] = .open(inode, path: target)
            return handleID
        }
        return MemoryWritableFile(fileSystem: self, handleID: handleID, path: path)
    }

    public func openForAppending(atPath path: String) throws -> any WritableFile {
        let target = MemoryPath(path)
        let handleID = try state.withLock { state in
            try state.beginMutation("open", path, paths: [target])
            let inode = try state.file(at: target, "open", path)
            let handleID = state.makeHandleID()
            state.handles[handleID] = .open(inode, path: target)
            return handleID
        }
        return MemoryWritableFile(fileSystem: self, handleID: handleID, path: path)
    }

    public func readFile(atPath path: String) throws -> [UInt8] {
        try state.withLock { state in
            try state.checkAlive("read", path)
            return try state.file(at: MemoryPath(path), "read", path).contents
        }
    }

    public func fileSize(atPath path: String) throws -> Int {
        try state.withLock { state in
            try state.checkAlive("size", path)
            return try state.file(at: MemoryPath(path), "size", path).contents.count
        }
    }

    public func removeFile(atPath path: String) throws {
        let target = MemoryPath(path)
        try state.withLock { state in
            try state.beginMutation("remove", path, paths: [target])
            let (parent, name) = try state.parent(of: target, "remove", path)
            switch parent.entries[name] {
            case .file?: parent.entries[name] = nil   // durable at syncDirectory; open handles keep the inode
            case .directory?:
                throw FileSystemError(.invalidArgument, path: path, operation: "remove", detail: "is a directory")
            case nil: throw FileSystemError(.notFound, path: path, operation: "remove")
            }
        }
    }

    public func removeDirectory(atPath path: String) throws {
        let target = MemoryPath(path)
        try state.withLock { state in
            try state.beginMutation("removeDirectory", path, paths: [target])
            let (parent, name) = try state.parent(of: target, "removeDirectory", path)
            guard let node = parent.entries[name] else {
                throw FileSystemError(.notFound, path: path, operation: "removeDirectory")
            }
            guard let removed = node.directory else {
                throw FileSystemError(.notADirectory, path: path, operation: "removeDirectory")
            }
            parent.entries[name] = nil
            // Durable at once (see header): no name, synced or not, refers to it any more.
            state.root.forEachReachableDirectory { directory in
                for (name, node) in directory.syncedEntries where node.directory === removed {
                    directory.syncedEntries[name] = nil
                }
            }
        }
    }

    public func rename(atPath source: String, toPath destination: String) throws {
        let from = MemoryPath(source), to = MemoryPath(destination)
        try state.withLock { state in
            try state.beginMutation("rename", source, paths: [from, to])
            func failure(_ kind: FileSystemError.Kind, _ detail: String) -> FileSystemError {
                FileSystemError(kind, path: source, operation: "rename", detail: detail)
            }
            let (sourceParent, sourceName) = try state.parent(of: from, "rename", source)
            guard let moving = sourceParent.entries[sourceName] else { throw failure(.notFound, "to '\(destination)'") }
            let (destinationParent, destinationName) = try state.parent(of: to, "rename", destination)
            if from == to { return }
            if moving.directory != nil && to.isInside(from) {
                throw failure(.invalidArgument, "'\(destination)' is inside the directory being moved")
            }
            if let replaced = destinationParent.entries[destinationName] {
                if replaced.isSameObject(as: moving) { return }
                switch (moving, replaced) {
                case (.file, .directory): throw failure(.invalidArgument, "'\(destination)' is a directory")
                case (.directory, .file): throw failure(.notADirectory, "'\(destination)' is a file")
                case (.directory, .directory(let existing)) where !existing.entries.isEmpty:
                    throw failure(.alreadyExists, "'\(destination)' is not empty")
                default: break
                }
            }
            sourceParent.entries[sourceName] = nil
            destinationParent.entries[destinationName] = moving
        }
    }

    public func truncateFile(atPath path: String, toSize size: Int) throws {
        let target = MemoryPath(path)
        try state.withLock { state in
            try state.beginMutation("truncate", path, paths: [target])
            guard size >= 0 else {
                throw FileSystemError(.invalidArgument, path: path, operation: "truncate", detail: "negative size \(size)")
            }
            let inode = try state.file(at: target, "truncate", path)
            try state.reserveSpace(size - inode.contents.count, "truncate", path)
            inode.truncate(toByteCount: size)
        }
    }

    public func syncDirectory(atPath path: String) throws {
        let target = MemoryPath(path)
        try state.withLock { state in
            try state.beginMutation("syncDirectory", path, paths: [target])
            let directory = try state.directory(at: target, "syncDirectory", path)
            directory.syncedEntries = directory.entries
            try state.completeSyncPoint("syncDirectory", path)
        }
    }

    public func lockFile(atPath path: String) throws -> any FileLock {
        let target = MemoryPath(path)
        let lockID = try state.withLock { state in
            try state.beginMutation("lock", path, paths: [target])
            let (parent, name) = try state.parent(of: target, "lock", path)
            switch parent.entries[name] {
            case .file?: break
            case .directory?:
                throw FileSystemError(.invalidArgument, path: path, operation: "lock", detail: "is a directory")
            case nil: parent.entries[name] = .file(MemoryInode())
            }
            guard state.lockHolderIDs[target] == nil else {
                throw FileSystemError(.locked, path: path, operation: "lock")
            }
            let lockID = state.makeHandleID()
            state.lockHolderIDs[target] = lockID
            return lockID
        }
        return MemoryFileLock(fileSystem: self, lockID: lockID, path: target)
    }
}
