// ChildOutput: what a child process wrote, gathered by the reader threads of ChildProcess and
// read by the task that drives the child.
// Invariants: `lines` holds every complete stdout line (split on "\n", the "\n" dropped) in the
// order written; bytes after the last "\n" wait in `partial` until the next one or the end;
// stderr keeps at most `stderrLimit` bytes, the newest. Guarded by one Mutex, so a reader may
// look at any moment, a SIGKILL included.

import Foundation
import Synchronization

/// The stdout lines and the stderr tail of a child, filled by reader threads (see ChildProcess).
package final class ChildOutput: Sendable {
    private struct State {
        var lines: [String] = []
        var partial: [UInt8] = []
        var stdoutEnded = false
        var stderr: [UInt8] = []
        var stderrEnded = false
    }

    // Guarded by `state`: what the reader threads have seen so far.
    private let state = Mutex(State())
    private let stderrLimit: Int

    init(stderrLimit: Int) {
        self.stderrLimit = stderrLimit
    }

    /// Appends a chunk of stdout; an empty chunk is the end of the stream.
    func appendStdout(_ chunk: Data) {
        state.withLock { state in
            if chunk.isEmpty { state.stdoutEnded = true }
            for byte in chunk {
                if byte == UInt8(ascii: "\n") {
                    state.lines.append(String(decoding: state.partial, as: UTF8.self))
                    state.partial.removeAll(keepingCapacity: true)
                } else {
                    state.partial.append(byte)
                }
            }
        }
    }

    /// Appends a chunk of stderr, dropping the oldest bytes past the limit; empty is the end.
    func appendStderr(_ chunk: Data) {
        state.withLock { state in
            if chunk.isEmpty { state.stderrEnded = true }
            state.stderr.append(contentsOf: chunk)
            if state.stderr.count > stderrLimit { state.stderr.removeFirst(state.stderr.count - stderrLimit) }
        }
    }

    /// Marks stderr ended without reading it (it goes into the stdout pipe).
    func endStderr() {
        state.withLock { $0.stderrEnded = true }
    }

    /// Every complete stdout line so far, oldest first.
    package var lines: [String] { state.withLock { $0.lines } }

    /// Every stdout byte so far, exactly as written (complete lines, then any unfinished one).
    package var stdoutText: String {
        state.withLock { state in
            state.lines.map { $0 + "\n" }.joined() + String(decoding: state.partial, as: UTF8.self)
        }
    }

    /// The kept end of stderr (at most the limit the child was started with).
    package var stderrTail: String { state.withLock { String(decoding: $0.stderr, as: UTF8.self) } }

    /// Both streams reached their end: every byte the child wrote has been read.
    package var ended: Bool { state.withLock { $0.stdoutEnded && $0.stderrEnded } }
}
