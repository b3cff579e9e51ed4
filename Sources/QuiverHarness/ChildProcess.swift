// ChildProcess: one child process of a test or tool (the `quiver` binary, `quiver serve`, a
// torture worker, a virtualenv tool), its stdout read line by line and its stderr tail kept by
// two background threads, so the driver can SIGKILL it at any moment and still see every
// complete line it wrote first.
// Invariants: both pipes are always drained, so a chatty child never blocks on a full pipe;
// children run with SWIFT_BACKTRACE=enable=no, so a crash or a kill is not slowed down by
// symbolication; stdin is /dev/null. Waits poll the process and give up at their bound (a hung
// child); callers never assert on timing.
// Ownership: driven by the one task that started it; the output buffer is shared with the
// reader threads (ChildOutput, Mutex-guarded).

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A running child process whose stdout lines and stderr tail are gathered as it writes them.
package final class ChildProcess {
    /// What the child wrote so far.
    package let output: ChildOutput
    private let process = Process()

    /// Starts `executable` with `arguments`. The environment is `inheritedEnvironment` plus
    /// `environment` plus SWIFT_BACKTRACE=enable=no; stderr keeps its last `stderrLimit` bytes, or
    /// goes into the stdout stream when `mergingStderr` (one interleaved text, as a terminal shows).
    /// Throws when the executable cannot be started.
    package init(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                 inheritedEnvironment: [String: String] = ProcessInfo.processInfo.environment,
                 currentDirectory: String? = nil, stderrLimit: Int = 4096, mergingStderr: Bool = false) throws {
        output = ChildOutput(stderrLimit: stderrLimit)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var childEnvironment = inheritedEnvironment.merging(environment) { _, added in added }
        childEnvironment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = childEnvironment
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        process.standardInput = FileHandle.nullDevice
        let stdoutPipe = Pipe(), stderrPipe = Pipe()
        process.standardOutput = stdoutPipe
        process.standardError = mergingStderr ? stdoutPipe : stderrPipe
        try process.run()
        let output = self.output
        Self.read(stdoutPipe.fileHandleForReading) { output.appendStdout($0) }
        if mergingStderr {
            output.endStderr()
        } else {
            Self.read(stderrPipe.fileHandleForReading) { output.appendStderr($0) }
        }
    }

    /// Reads `handle` to its end on a thread of its own, handing each chunk to `append` (the
    /// empty chunk last).
    private static func read(_ handle: FileHandle, into append: @escaping @Sendable (Data) -> Void) {
        Thread.detachNewThread {
            while true {
                let chunk = handle.availableData
                append(chunk)
                if chunk.isEmpty { return }
            }
        }
    }

    /// The child's process id.
    package var pid: Int32 { process.processIdentifier }

    /// The child has not exited yet.
    package var isRunning: Bool { process.isRunning }

    /// How the child ended; nil while it runs.
    package var exit: ChildExit? { process.isRunning ? nil : ChildExit(process) }

    /// Every complete stdout line so far.
    package var lines: [String] { output.lines }

    /// Sends `signal` (SIGKILL unless told) if the child still runs.
    package func kill(signal: Int32 = SIGKILL) {
        if process.isRunning { _ = Glibc.kill(process.processIdentifier, signal) }
    }

    /// How `waitForLines` ended.
    package enum LineWait: Equatable, Sendable {
        /// The predicate held.
        case reached
        /// The child's stdout ended (it exited) and the predicate never held.
        case ended
        /// No new line came for the stall bound: a hung child.
        case stalled
    }

    /// Waits until `predicate(lines)` holds, stdout ends, or no new line came for `stallTimeout`
    /// (only a bound on a hung child, never a timing assertion).
    package func waitForLines(until predicate: ([String]) -> Bool,
                              stallTimeout: Duration = .seconds(120)) async throws -> LineWait {
        var lineCount = -1
        var lastProgress = ContinuousClock.now
        while true {
            let lines = output.lines
            if predicate(lines) { return .reached }
            if !process.isRunning || output.ended {
                if !output.ended { try await drainAfterExit() }
                return predicate(output.lines) ? .reached : .ended
            }
            if lines.count != lineCount {
                lineCount = lines.count
                lastProgress = .now
            } else if ContinuousClock.now - lastProgress > stallTimeout {
                return .stalled
            }
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    /// The first stdout line that `matches`, waiting for it as `waitForLines` does; nil when
    /// stdout ended or stalled first.
    package func waitForLine(matching matches: (String) -> Bool = { _ in true },
                             stallTimeout: Duration = .seconds(120)) async throws -> String? {
        let outcome = try await waitForLines(until: { $0.contains(where: matches) }, stallTimeout: stallTimeout)
        return outcome == .reached ? output.lines.first(where: matches) : nil
    }

    /// Waits for the child to exit and its pipes to be read to their end; nil when `timeout`
    /// passes first (the child still runs). A grandchild holding a pipe open delays the return
    /// by at most ten seconds after the child's exit.
    package func waitForExit(timeout: Duration? = nil) async throws -> ChildExit? {
        let start = ContinuousClock.now
        while process.isRunning {
            if let timeout, ContinuousClock.now - start > timeout { return nil }
            try await Task.sleep(for: .milliseconds(1))
        }
        try await drainAfterExit()
        return ChildExit(process)
    }

    /// Waits for the child to exit and the reader threads to reach the end of both pipes, for at
    /// most ten seconds after the exit (a grandchild may hold a pipe open).
    private func drainAfterExit() async throws {
        while process.isRunning { try await Task.sleep(for: .milliseconds(1)) }
        let exited = ContinuousClock.now
        while !output.ended, ContinuousClock.now - exited < .seconds(10) { try await Task.sleep(for: .milliseconds(1)) }
    }

    /// SIGKILLs the child if it still runs, reaps it and drains its pipes; returns how it ended
    /// (`.signaled(SIGKILL)` unless it had exited by itself first).
    package func killAndReap() async throws -> ChildExit {
        kill(signal: SIGKILL)
        guard let exit = try await waitForExit() else { preconditionFailure("waitForExit without a timeout returned nil") }
        return exit
    }
}
