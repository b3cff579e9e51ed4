// MemoryFileSystemState: everything a MemoryFileSystem knows, kept behind its one mutex.
// Invariants: open handles and held locks refer to this state only; a crashed state refuses every
// operation (checkAlive / beginMutation throw .crashed); operationCount counts each attempted
// mutating operation once, before its fault check, so fault numbers are absolute.
// Ownership: a value owned by MemoryFileSystem.state; its classes never leave the mutex.

struct MemoryFileSystemState {
    // The tree.
    var root: MemoryDirectory

    // Handles: open files (inode + path used for fault matching) and locks, by id.
    enum Handle {
        case open(MemoryInode, path: MemoryPath)
        case closed(byteCount: Int)
    }
    var handles: [Int: Handle] = [:]
    var lockHolderIDs: [MemoryPath: Int] = [:]
    var nextHandleID = 1

    // Crash simulation.
    var isCrashed = false
    var syncPointCount = 0
    var crashSyncPoint: Int? = nil

    // Fault injection.
    struct NumberedFault { let number: Int; let kind: FileSystemError.Kind; let isPersistent: Bool }
    struct PathFault { let pathSubstring: String; let kind: FileSystemError.Kind }
    var operationCount = 0
    var numberedFaults: [NumberedFault] = []
    var pathFaults: [PathFault] = []
    var capacityByteCount: Int? = nil
    var injectedFaultCount = 0
    var firstInjectedFault: FileSystemError? = nil

    init(root: MemoryDirectory) { self.root = root }

    mutating func makeHandleID() -> Int {
        defer { nextHandleID += 1 }
        return nextHandleID
    }

    // MARK: Lifecycle checks

    func checkAlive(_ operation: String, _ displayPath: String) throws {
        if isCrashed {
            throw FileSystemError(.crashed, path: displayPath, operation: operation, detail: "simulated crash")
        }
    }

    /// Starts a mutating operation: refuses it on a crashed file system, numbers it, and throws the
    /// injected fault armed for its number or for one of its paths.
    mutating func beginMutation(_ operation: String, _ displayPath: String, paths: [MemoryPath]) throws {
        try checkAlive(operation, displayPath)
        operationCount += 1
        let number = operationCount
        var kind = numberedFaults.first { $0.number == number || ($0.isPersistent && number > $0.number) }?.kind
        if kind == nil {
            let pathStrings = paths.map(\.description) + [displayPath]
            kind = pathFaults.first { fault in pathStrings.contains { $0.contains(fault.pathSubstring) } }?.kind
        }
        if let kind { throw injectedFault(kind, operation, displayPath, detail: "injected fault") }
    }

    mutating func injectedFault(_ kind: FileSystemError.Kind, _ operation: String, _ displayPath: String,
                                detail: String) -> FileSystemError {
        injectedFaultCount += 1
        let fault = FileSystemError(kind, path: displayPath, operation: operation, detail: detail)
        if firstInjectedFault == nil { firstInjectedFault = fault }
        return fault
    }

    /// Counts a completed sync point; at the armed one the file system dies and the caller throws.
    mutating func completeSyncPoint(_ operation: String, _ displayPath: String) throws {
        syncPointCount += 1
        if syncPointCount == crashSyncPoint {
            isCrashed = true
            try checkAlive(operation, displayPath)
        }
    }

    // MARK: Lookup (live entries)

    /// The node at `path`; .notFound if a component is missing, .notADirectory if one is a file.
    func node(at path: MemoryPath, _ operation: String, _ displayPath: String) throws -> MemoryNode {
        var node = MemoryNode.directory(root)
        for component in path.components {
            guard let directory = node.directory else {
                throw FileSystemError(.notADirectory, path: displayPath, operation: operation)
            }
            guard let child = directory.entries[component] else {
                throw FileSystemError(.notFound, path: displayPath, operation: operation)
            }
            node = child
        }
        return node
    }

    func directory(at path: MemoryPath, _ operation: String, _ displayPath: String) throws -> MemoryDirectory {
        guard let directory = try node(at: path, operation, displayPath).directory else {
            throw FileSystemError(.notADirectory, path: displayPath, operation: operation)
        }
        return directory
    }

    func file(at path: MemoryPath, _ operation: String, _ displayPath: String) throws -> MemoryInode {
        guard let inode = try node(at: path, operation, displayPath).inode else {
            throw FileSystemError(.invalidArgument, path: displayPath, operation: operation, detail: "is a directory")
        }
        return inode
    }

    /// The directory that holds `path` and the entry's name; the root has no parent.
    func parent(of path: MemoryPath, _ operation: String, _ displayPath: String)
        throws -> (directory: MemoryDirectory, name: String) {
        guard let parentPath = path.parent, let name = path.name else {
            throw FileSystemError(.invalidArgument, path: displayPath, operation: operation, detail: "the root")
        }
        return (try directory(at: parentPath, operation, displayPath), name)
    }

    // MARK: Space accounting

    /// Bytes held by files a running process can reach: live entries and open handles, each inode once.
    func storedByteCount() -> Int {
        var seen: Set<ObjectIdentifier> = []
        var total = 0
        func count(_ inode: MemoryInode) {
            if seen.insert(ObjectIdentifier(inode)).inserted { total += inode.contents.count }
        }
        root.forEachLiveFile(under: MemoryPath("/")) { _, inode in count(inode) }
        for case .open(let inode, _) in handles.values { count(inode) }
        return total
    }

    /// Throws an injected .noSpace when growing the stored bytes by `byteCount` would pass the capacity.
    mutating func reserveSpace(_ byteCount: Int, _ operation: String, _ displayPath: String) throws {
        guard let capacityByteCount, byteCount > 0 else { return }
        if storedByteCount() + byteCount > capacityByteCount {
            throw injectedFault(.noSpace, operation, displayPath, detail: "capacity of \(capacityByteCount) bytes")
        }
    }
}
