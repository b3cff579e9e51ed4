// MemoryFileTree: the inodes and directories of a MemoryFileSystem, with their durable shadows.
// Invariants:
// - an inode's durable contents are `contents[0..<syncedByteCount]`: bytes only ever change by
//   appending or truncating, and truncation also shortens the synced prefix, so the synced bytes
//   are always a prefix of the current bytes (syncedByteCount <= contents.count);
// - a directory's `entries` is what a running process sees; `syncedEntries` is what survives a
//   crash. syncDirectory copies the first into the second. Directory creation and removal are the
//   exception: they update both at once (see MemoryFileSystem.swift);
// - the live tree (entries from the root) has no cycles; rename refuses to move a directory into
//   itself.
// Ownership: these classes are not Sendable; they are reached only through the MemoryFileSystem's
// mutex, and never handed out.

final class MemoryInode {
    var contents: [UInt8]
    var syncedByteCount: Int

    init(contents: [UInt8] = [], syncedByteCount: Int = 0) {
        precondition(syncedByteCount <= contents.count)
        self.contents = contents
        self.syncedByteCount = syncedByteCount
    }

    /// Shortens (or zero-extends) the file; the synced prefix shrinks with it, never grows.
    func truncate(toByteCount byteCount: Int) {
        precondition(byteCount >= 0)
        if byteCount < contents.count {
            contents.removeLast(contents.count - byteCount)
        } else {
            contents.append(contentsOf: repeatElement(0, count: byteCount - contents.count))
        }
        syncedByteCount = min(syncedByteCount, byteCount)
    }
}

final class MemoryDirectory {
    var entries: [String: MemoryNode]
    var syncedEntries: [String: MemoryNode]

    init(entries: [String: MemoryNode] = [:]) {
        self.entries = entries
        self.syncedEntries = entries
    }
}

enum MemoryNode {
    case file(MemoryInode)
    case directory(MemoryDirectory)

    var directory: MemoryDirectory? {
        if case .directory(let directory) = self { return directory }
        return nil
    }

    var inode: MemoryInode? {
        if case .file(let inode) = self { return inode }
        return nil
    }

    func isSameObject(as other: MemoryNode) -> Bool {
        switch (self, other) {
        case (.file(let a), .file(let b)): a === b
        case (.directory(let a), .directory(let b)): a === b
        default: false
        }
    }
}

extension MemoryDirectory {
    /// Visits every directory reachable from `self` through live and synced entries, each once.
    func forEachReachableDirectory(_ body: (MemoryDirectory) -> Void) {
        var seen: Set<ObjectIdentifier> = []
        var pending: [MemoryDirectory] = [self]
        while let directory = pending.popLast() {
            guard seen.insert(ObjectIdentifier(directory)).inserted else { continue }
            body(directory)
            for node in directory.entries.values { if let child = node.directory { pending.append(child) } }
            for node in directory.syncedEntries.values { if let child = node.directory { pending.append(child) } }
        }
    }

    /// Calls `body` with the path and inode of every file reachable through live entries, in sorted
    /// path order. A directory reachable by two names is listed under both.
    func forEachLiveFile(under path: MemoryPath, _ body: (MemoryPath, MemoryInode) -> Void) {
        var ancestors: Set<ObjectIdentifier> = []
        func visit(_ directory: MemoryDirectory, _ path: MemoryPath) {
            guard ancestors.insert(ObjectIdentifier(directory)).inserted else { return }
            defer { ancestors.remove(ObjectIdentifier(directory)) }
            for name in directory.entries.keys.sorted() {
                switch directory.entries[name]! {
                case .file(let inode): body(path.appending(name), inode)
                case .directory(let child): visit(child, path.appending(name))
                }
            }
        }
        visit(self, path)
    }
}
