// POSIXWritableFile and POSIXFileLock: the handles POSIXFileSystem returns.
// Invariants: `size` equals the bytes in the file (a failed append is truncated back, best effort);
// appends are serialized by `state`; sync runs outside the lock so appends can continue during an
// fdatasync; the descriptor is closed exactly once.
// Ownership: created by POSIXFileSystem; shared by whoever holds the handle. close() must not race
// with append() or sync() on the same handle (the caller's contract).

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

final class POSIXWritableFile: WritableFile {
    // Immutable after init.
    let path: String
    private let descriptor: Int32

    // Guarded by `state`: the byte count and whether close() ran.
    private struct State { var size: Int; var isClosed = false }
    private let state: Mutex<State>

    init(path: String, descriptor: Int32, size: Int) {
        self.path = path
        self.descriptor = descriptor
        self.state = Mutex(State(size: size))
    }

    deinit {
        let isClosed = state.withLock { $0.isClosed }
        if !isClosed { POSIXSystemCalls.closeIgnoringErrors(descriptor) }
    }

    var size: Int { state.withLock { $0.size } }

    func append(_ bytes: UnsafeRawBufferPointer) throws {
        try state.withLock { state in
            guard !state.isClosed else { throw closedError("append") }
            guard let base = bytes.baseAddress, bytes.count > 0 else { return }
            var writtenCount = 0
            while writtenCount < bytes.count {
                let result = write(descriptor, base + writtenCount, bytes.count - writtenCount)
                if result < 0 {
                    let code = errno
                    if code == EINTR { continue }
                    if writtenCount > 0 {   // best effort: leave the file as it was
                        _ = POSIXSystemCalls.retryingInterrupts { ftruncate(descriptor, off_t(state.size)) }
                    }
                    throw POSIXSystemCalls.errorFor(code, "append", path: path)
                }
                writtenCount += result
            }
            state.size += writtenCount
        }
    }

    func sync() throws {
        guard !state.withLock({ $0.isClosed }) else { throw closedError("sync") }
        #if canImport(Darwin)
        let result = POSIXSystemCalls.retryingInterrupts { fsync(descriptor) }
        #else
        let result = POSIXSystemCalls.retryingInterrupts { fdatasync(descriptor) }
        #endif
        if result != 0 { throw POSIXSystemCalls.error("sync", path: path) }
    }

    func close() throws {
        try state.withLock { state in
            guard !state.isClosed else { return }
            state.isClosed = true
            try POSIXSystemCalls.closeDescriptor(descriptor, operation: "close", path: path)
        }
    }

    private func closedError(_ operation: String) -> FileSystemError {
        FileSystemError(.invalidArgument, path: path, operation: operation, detail: "the file is closed")
    }
}

/// flock(LOCK_EX) held on an open descriptor; closing the descriptor releases it.
final class POSIXFileLock: FileLock {
    // Guarded by `descriptor`: the open descriptor, nil once unlocked.
    private let descriptor: Mutex<Int32?>

    init(descriptor: Int32) { self.descriptor = Mutex(descriptor) }

    deinit { unlock() }

    func unlock() {
        let held = descriptor.withLock { value -> Int32? in
            defer { value = nil }
            return value
        }
        guard let held else { return }
        _ = POSIXSystemCalls.retryingInterrupts { flock(held, LOCK_UN) }
        POSIXSystemCalls.closeIgnoringErrors(held)
    }
}
