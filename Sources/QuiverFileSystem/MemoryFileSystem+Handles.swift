// MemoryWritableFile and MemoryFileLock: the handles a MemoryFileSystem hands out.
// Invariants: a handle is an id into its file system's state, so every call goes through that
// file system's mutex (and its crash and fault checks); an open handle keeps its inode alive and
// writable after the file is removed or renamed; append counts as one mutating operation and
// writes all bytes or none; sync is a sync point; close is not a mutating operation.
// Ownership: shared by whoever holds the handle; releasing the last reference closes it.

final class MemoryWritableFile: WritableFile {
    // Immutable after init; the handle's state lives in `fileSystem.state.handles[handleID]`.
    let fileSystem: MemoryFileSystem
    let handleID: Int
    let path: String

    init(fileSystem: MemoryFileSystem, handleID: Int, path: String) {
        self.fileSystem = fileSystem
        self.handleID = handleID
        self.path = path
    }

    deinit {
        _ = fileSystem.state.withLock { $0.handles.removeValue(forKey: handleID) }
    }

    var size: Int {
        fileSystem.state.withLock { state in
            switch state.handles[handleID] {
            case .open(let inode, _)?: inode.contents.count
            case .closed(let byteCount)?: byteCount
            case nil: 0
            }
        }
    }

    func append(_ bytes: UnsafeRawBufferPointer) throws {
        try fileSystem.state.withLock { state in
            let inode = try openInode(in: &state, "append")
            try state.reserveSpace(bytes.count, "append", path)
            inode.contents.append(contentsOf: bytes)
        }
    }

    func sync() throws {
        try fileSystem.state.withLock { state in
            let inode = try openInode(in: &state, "sync")
            inode.syncedByteCount = inode.contents.count
            try state.completeSyncPoint("sync", path)
        }
    }

    func close() throws {
        try fileSystem.state.withLock { state in
            if case .open(let inode, _)? = state.handles[handleID] {
                state.handles[handleID] = .closed(byteCount: inode.contents.count)
            }
            try state.checkAlive("close", path)
        }
    }

    /// Begins a mutating operation on this handle and returns its inode.
    private func openInode(in state: inout MemoryFileSystemState, _ operation: String) throws -> MemoryInode {
        guard case .open(let inode, let target)? = state.handles[handleID] else {
            try state.checkAlive(operation, path)
            throw FileSystemError(.invalidArgument, path: path, operation: operation, detail: "the file is closed")
        }
        try state.beginMutation(operation, path, paths: [target])
        return inode
    }
}

final class MemoryFileLock: FileLock {
    // Immutable after init; the file system's `lockHolderIDs[path] == lockID` while held.
    let fileSystem: MemoryFileSystem
    let lockID: Int
    let path: MemoryPath

    init(fileSystem: MemoryFileSystem, lockID: Int, path: MemoryPath) {
        self.fileSystem = fileSystem
        self.lockID = lockID
        self.path = path
    }

    deinit { unlock() }

    func unlock() {
        fileSystem.state.withLock { state in
            if state.lockHolderIDs[path] == lockID { state.lockHolderIDs[path] = nil }
        }
    }
}
