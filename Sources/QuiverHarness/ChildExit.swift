// ChildExit and ChildRunResult: how a child process ended, and what `ChildProcess.run` returns.
// Invariants: a child either exited with a code or died of a signal, never both; `status` folds
// the two the way a shell does (the code, or 128 + the signal).

import Foundation

/// How a child process ended.
package enum ChildExit: Equatable, Sendable, CustomStringConvertible {
    /// It called exit with this code.
    case exited(Int32)
    /// It died of this signal (SIGKILL, SIGTERM, a crash).
    case signaled(Int32)

    /// The exit code, or 128 + the signal, as a shell reports it.
    package var status: Int32 {
        switch self {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
    }

    /// "status N" or "signal N", for reports.
    package var description: String {
        switch self {
        case .exited(let code): "status \(code)"
        case .signaled(let signal): "signal \(signal)"
        }
    }

    init(_ process: Process) {
        self = process.terminationReason == .uncaughtSignal
            ? .signaled(process.terminationStatus) : .exited(process.terminationStatus)
    }
}

/// A child run to its end by `ChildProcess.run`: how it ended and all it wrote.
package struct ChildRunResult: Sendable {
    /// How the child ended (SIGKILL when the run's timeout killed it).
    package let exit: ChildExit
    /// The run's timeout passed and the child was SIGKILLed.
    package let timedOut: Bool
    /// Everything the child wrote to stdout (with stderr too, when the run merged them).
    package let stdout: String
    /// Everything the child wrote to stderr (empty when merged into stdout).
    package let stderr: String

    /// The exit code, or 128 + the signal (see `ChildExit.status`).
    package var status: Int32 { exit.status }

    /// The complete stdout lines.
    package var stdoutLines: [String] { stdout.split(separator: "\n").map(String.init) }
}
