// MemoryFileSystem crash simulation (Pebble's CrashClone, LevelDB's FaultInjectionTestEnv).
// Invariants: a sync point is a completed WritableFile.sync() or syncDirectory(), numbered from 1;
// once crashed, every operation on this file system and its handles throws .crashed (fileExists and
// isDirectory answer false); crashImage never changes this file system, and the image it returns is
// a new, live file system with everything in it durable, no locks held and no faults armed.
// Ownership: called by tests, from any thread.

extension MemoryFileSystem {
    public enum CrashMode: Sendable {
        /// Files keep their last synced bytes; each directory keeps its last synced entries.
        case dropUnsynced
        /// Everything written survives (a process kill with the page cache intact).
        case keepUnsynced
        /// Entries as in dropUnsynced; each file keeps its synced bytes plus a seeded random-length
        /// prefix of its unsynced bytes, whose last few bytes are garbage with probability 1/2.
        case tearUnsynced(seed: UInt64)
    }

    /// Completed sync points so far: every successful WritableFile.sync() and syncDirectory().
    public var syncPointCount: Int { state.withLock { $0.syncPointCount } }

    /// Arms a crash at sync point `n` (1-based, absolute, still to come): its effect becomes durable,
    /// the file system dies, and that sync call throws .crashed (the process died before it returned).
    public func crash(atSyncPoint n: Int) {
        state.withLock { state in
            precondition(n > state.syncPointCount, "sync point \(n) has already completed")
            state.crashSyncPoint = n
        }
    }

    /// Kills the file system now: every later operation throws .crashed.
    public func crashNow() {
        state.withLock { $0.isCrashed = true }
    }

    public var isCrashed: Bool { state.withLock { $0.isCrashed } }

    /// The file system a restarted process would see, taken from the current state (crashed or not).
    public func crashImage(_ mode: CrashMode) -> MemoryFileSystem {
        let image = state.withLock { state -> MemoryImage in
            var builder: MemoryImageBuilder
            switch mode {
            case .dropUnsynced: builder = MemoryImageBuilder(selection: .syncedOnly, seed: 0)
            case .keepUnsynced: builder = MemoryImageBuilder(selection: .everything, seed: 0)
            case .tearUnsynced(let seed): builder = MemoryImageBuilder(selection: .syncedPlusTornTail, seed: seed)
            }
            _ = builder.add(state.root)
            return builder.image
        }
        return MemoryFileSystem(image: image)
    }

    // MARK: Debug helpers (work on a crashed file system too)

    /// Every file reachable through live entries, as normalized absolute paths ("/a/b"), sorted.
    public func allFilePaths() -> [String] {
        state.withLock { state in
            var paths: [String] = []
            state.root.forEachLiveFile(under: MemoryPath("/")) { path, _ in paths.append(path.description) }
            return paths
        }
    }

    /// The current size of every file reachable through live entries, by normalized path.
    public func fileSizesByPath() -> [String: Int] {
        state.withLock { state in
            var sizes: [String: Int] = [:]
            state.root.forEachLiveFile(under: MemoryPath("/")) { path, inode in
                sizes[path.description] = inode.contents.count
            }
            return sizes
        }
    }

    /// The current bytes of a file (synced or not), even after a crash.
    public func readFileIgnoringCrash(atPath path: String) throws -> [UInt8] {
        try state.withLock { state in
            try state.file(at: MemoryPath(path), "read", path).contents
        }
    }
}
