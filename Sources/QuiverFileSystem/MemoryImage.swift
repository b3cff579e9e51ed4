// MemoryImage: the durable contents of a MemoryFileSystem, as a restarted process would find them.
// Invariants: a plain Sendable value (no references into a live file system), so it can leave the
// mutex; directories and files are numbered, directory 0 is the root; an inode reachable by two
// names is one file here too; the directory graph has no cycles (an entry that would close one is
// dropped when the image is taken).
// Ownership: built under the crashing file system's lock (MemoryFileSystem+Crash.swift), consumed
// once by MemoryFileSystem.init(image:).

struct MemoryImage: Sendable {
    enum Entry: Sendable { case file(Int), directory(Int) }

    /// Entries of each directory; index 0 is the root.
    var directories: [[String: Entry]] = []
    /// Bytes of each file.
    var files: [[UInt8]] = []

    /// A fresh tree in which every entry and every byte is durable.
    func makeTree() -> MemoryDirectory {
        let directoryObjects = directories.map { _ in MemoryDirectory() }
        let inodes = files.map { MemoryInode(contents: $0, syncedByteCount: $0.count) }
        for (index, entries) in directories.enumerated() {
            let directory = directoryObjects[index]
            for (name, entry) in entries {
                switch entry {
                case .file(let fileIndex): directory.entries[name] = .file(inodes[fileIndex])
                case .directory(let childIndex): directory.entries[name] = .directory(directoryObjects[childIndex])
                }
            }
            directory.syncedEntries = directory.entries
        }
        return directoryObjects.isEmpty ? MemoryDirectory() : directoryObjects[0]
    }
}

/// Which entries and bytes of a live tree survive into an image.
struct MemoryImageBuilder {
    enum Selection { case syncedOnly, everything, syncedPlusTornTail }

    let selection: Selection
    var random: SplitMix64
    private(set) var image = MemoryImage()
    private var directoryIndexes: [ObjectIdentifier: Int] = [:]
    private var fileIndexes: [ObjectIdentifier: Int] = [:]
    private var directoriesInProgress: Set<ObjectIdentifier> = []

    init(selection: Selection, seed: UInt64) {
        self.selection = selection
        self.random = SplitMix64(seed: seed)
    }

    /// Adds `directory` and everything below it; returns its index. Visits names in sorted order so
    /// that torn tails are a function of the seed alone.
    mutating func add(_ directory: MemoryDirectory) -> Int {
        let key = ObjectIdentifier(directory)
        if let index = directoryIndexes[key] { return index }
        let index = image.directories.count
        image.directories.append([:])
        directoryIndexes[key] = index
        directoriesInProgress.insert(key)
        defer { directoriesInProgress.remove(key) }

        let entries = selection == .everything ? directory.entries : directory.syncedEntries
        var imageEntries: [String: MemoryImage.Entry] = [:]
        for name in entries.keys.sorted() {
            switch entries[name]! {
            case .file(let inode):
                imageEntries[name] = .file(add(inode))
            case .directory(let child):
                guard !directoriesInProgress.contains(ObjectIdentifier(child)) else { continue }   // would be a cycle
                imageEntries[name] = .directory(add(child))
            }
        }
        image.directories[index] = imageEntries
        return index
    }

    private mutating func add(_ inode: MemoryInode) -> Int {
        let key = ObjectIdentifier(inode)
        if let index = fileIndexes[key] { return index }
        let index = image.files.count
        image.files.append(survivingBytes(of: inode))
        fileIndexes[key] = index
        return index
    }

    private mutating func survivingBytes(of inode: MemoryInode) -> [UInt8] {
        switch selection {
        case .everything:
            return inode.contents
        case .syncedOnly:
            return Array(inode.contents[..<inode.syncedByteCount])
        case .syncedPlusTornTail:
            let unsyncedByteCount = inode.contents.count - inode.syncedByteCount
            guard unsyncedByteCount > 0 else { return inode.contents }
            let keptByteCount = Int(random.next() % UInt64(unsyncedByteCount + 1))
            var bytes = Array(inode.contents[..<(inode.syncedByteCount + keptByteCount)])
            if keptByteCount > 0 && random.next() & 1 == 1 {
                // The tail of the torn write holds garbage: the sector was half written.
                let garbledByteCount = 1 + Int(random.next() % UInt64(min(keptByteCount, 16)))
                for offset in (bytes.count - garbledByteCount)..<bytes.count {
                    bytes[offset] = UInt8(truncatingIfNeeded: random.next())
                }
            }
            return bytes
        }
    }
}

/// splitmix64: a small deterministic generator, enough to choose torn lengths and garbage bytes.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
