// WorkerProcess: this executable re-run as `quiver-torture worker ...`, with stdout read line by
// line on a background thread so the driver can SIGKILL it at any moment and still see every
// line it wrote first. stderr is kept (its last 4 KiB) for reports. The child gets
// SWIFT_BACKTRACE=enable=no so a crash or kill is not slowed down by symbolication.
// Ownership: driven by the one driver task that started it.

import Foundation
import Synchronization

/// Lines and bytes from the child's pipes; fed by reader threads, read by the driver.
final class ChildOutput: Sendable {
    private struct State {
        var lines: [String] = []
        var partial: [UInt8] = []
        var stdoutEnded = false
        var stderrTail: [UInt8] = []
        var stderrEnded = false
    }

    // Guarded by `state`: what the reader threads have seen so far.
    private let state = Mutex(State())

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

    func appendStderr(_ chunk: Data) {
        state.withLock { state in
            if chunk.isEmpty { state.stderrEnded = true }
            state.stderrTail.append(contentsOf: chunk)
            if state.stderrTail.count > 4096 { state.stderrTail.removeFirst(state.stderrTail.count - 4096) }
        }
    }

    var lines: [String] { state.withLock { $0.lines } }
    var ended: Bool { state.withLock { $0.stdoutEnded && $0.stderrEnded } }
    var stderrTail: String { state.withLock { String(decoding: $0.stderrTail, as: UTF8.self) } }
}

final class WorkerProcess {
    let process = Process()
    let output = ChildOutput()

    /// `extraEnvironment` is added to this process's environment (QUIVER_KILL_POINT for kill-point cycles).
    /// `executable` defaults to this tool (the worker); server mode also starts `quiver serve`.
    init(arguments: [String], extraEnvironment: [String: String] = [:], executable: String = WorkerProcess.executablePath) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        environment.merge(extraEnvironment) { _, extra in extra }
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let stdoutPipe = Pipe(), stderrPipe = Pipe()
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        try process.run()
        let output = self.output
        let stdoutReader = stdoutPipe.fileHandleForReading, stderrReader = stderrPipe.fileHandleForReading
        Thread.detachNewThread {
            while true {
                let chunk = stdoutReader.availableData
                output.appendStdout(chunk)
                if chunk.isEmpty { return }
            }
        }
        Thread.detachNewThread {
            while true {
                let chunk = stderrReader.availableData
                output.appendStderr(chunk)
                if chunk.isEmpty { return }
            }
        }
    }

    /// This executable, to run again as the worker.
    static let executablePath: String = {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }()

    var isRunning: Bool { process.isRunning }

    enum WaitOutcome { case reached, ended, stalled }

    /// Waits until `predicate(lines)` holds, the child's stdout ends, or no new line came for
    /// `stallSeconds` (a hung worker; only a bound, never a timing assertion).
    func wait(until predicate: ([String]) -> Bool, stallSeconds: Int = 120) async throws -> WaitOutcome {
        var lineCount = -1
        var lastProgress = ContinuousClock.now
        while true {
            let lines = output.lines
            if predicate(lines) { return .reached }
            if !process.isRunning || output.ended { return predicate(output.lines) ? .reached : .ended }
            if lines.count != lineCount {
                lineCount = lines.count
                lastProgress = .now
            } else if ContinuousClock.now - lastProgress > .seconds(stallSeconds) {
                return .stalled
            }
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    /// SIGKILLs the child if it still runs, reaps it and drains its pipes. True if the child died
    /// of that SIGKILL (false if it had exited by itself first).
    func killAndReap() async throws -> Bool {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        while process.isRunning || !output.ended { try await Task.sleep(for: .milliseconds(1)) }
        return process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
    }

    /// The child exited by itself with `status` (not killed by a signal).
    func exited(withStatus status: Int32) -> Bool {
        process.terminationReason == .exit && process.terminationStatus == status
    }

    var exitDescription: String {
        process.terminationReason == .uncaughtSignal ? "signal \(process.terminationStatus)" : "status \(process.terminationStatus)"
    }
}
