// SerialGate: runs async operations one at a time, in the order they arrive. The storage engine
// passes every catalog change of the collection namespace (create, drop, rename, aliases)
// through one gate, so a check ("is the name free?") and the change that relies on it can never
// interleave with another such change, even across the awaits of opening or closing a writer.
// Invariants: at most one operation holds the gate; waiters are resumed in FIFO order, each
// exactly once; the gate is released when the operation returns or throws. Cancellation does
// not skip the queue: an operation that was waiting still runs (it checks its task itself).

import Synchronization

package final class SerialGate: Sendable {
    private struct State {
        var isHeld = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    package init() {}

    /// Runs `operation` once every operation that arrived before it has finished.
    package func run<Value>(_ operation: () async throws -> Value) async rethrows -> Value {
        await acquire()
        defer { release() }
        return try await operation()
    }

    private func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let enteredAtOnce = state.withLock { state in
                if !state.isHeld {
                    state.isHeld = true
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if enteredAtOnce { continuation.resume() }
        }
    }

    /// Hands the gate to the first waiter (it stays held), or frees it.
    private func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            precondition(state.isHeld, "SerialGate released while not held")
            guard !state.waiters.isEmpty else {
                state.isHeld = false
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.resume()
    }
}
