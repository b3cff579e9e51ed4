// MemoryFileSystem fault injection (Pebble's errorfs with its Counter).
// Invariants: mutating operations are numbered from 1 across the file system's whole life
// (createDirectory, createFile, openForAppending, append, sync, removeFile, removeDirectory,
// rename, truncateFile, syncDirectory, lockFile; not close, not reads); a faulted operation changes
// nothing; every injected fault that is thrown, including .noSpace from the capacity limit, adds
// one to injectedFaultCount, so a test can check that each one reached the caller; the first one
// thrown is kept (firstInjectedFault), so a test can tell which operation it hit.
// Ownership: called by tests, from any thread.

extension MemoryFileSystem {
    /// Mutating operations attempted so far (a faulted one counts too).
    public var operationCount: Int { state.withLock { $0.operationCount } }

    /// Makes mutating operation number `n` (absolute, compare operationCount) fail with `kind`;
    /// when `persistent`, every later one fails too.
    public func failOperation(number n: Int, kind: FileSystemError.Kind = .io, persistent: Bool = false) {
        state.withLock { state in
            precondition(n > state.operationCount, "operation \(n) has already run")
            state.numberedFaults.append(.init(number: n, kind: kind, isPersistent: persistent))
        }
    }

    /// Fails every mutating operation on a path containing `pathSubstring` (matched against the
    /// normalized path "/a/b" and the path as the caller wrote it) until clearFaults().
    public func failOperations(onPathsContaining pathSubstring: String, kind: FileSystemError.Kind) {
        state.withLock { $0.pathFaults.append(.init(pathSubstring: pathSubstring, kind: kind)) }
    }

    /// Total bytes the files a running process can reach may hold; an append or a growing truncate
    /// beyond it throws .noSpace and changes nothing. nil means unlimited.
    public var capacityByteCount: Int? {
        get { state.withLock { $0.capacityByteCount } }
        set { state.withLock { $0.capacityByteCount = newValue } }
    }

    /// Disarms every fault: numbered, by path, and the capacity limit.
    public func clearFaults() {
        state.withLock { state in
            state.numberedFaults = []
            state.pathFaults = []
            state.capacityByteCount = nil
        }
    }

    /// Injected faults thrown to callers so far.
    public var injectedFaultCount: Int { state.withLock { $0.injectedFaultCount } }

    /// The first injected fault thrown (its operation and path say what was hit); clearFaults()
    /// keeps it.
    public var firstInjectedFault: FileSystemError? { state.withLock { $0.firstInjectedFault } }
}
