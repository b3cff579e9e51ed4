// ChildProcess.run: a child run to its end, for the many callers that only want its exit and its
// output (a CLI command, a virtualenv tool).
// Invariants: the whole of stdout and stderr is kept (no tail limit); both pipes are drained as
// the child writes, so it never blocks on a full pipe; a child still running at `timeout` is
// SIGKILLed and reported `timedOut`.

import Foundation

extension ChildProcess {
    /// Runs `executable` with `arguments` to its end (or `timeout`, then SIGKILL) and returns how
    /// it ended and all it wrote. `afterStart` sees the child's pid (to renice it, say); the other
    /// parameters are the initializer's. Throws when the executable cannot be started.
    package static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                            inheritedEnvironment: [String: String] = ProcessInfo.processInfo.environment,
                            currentDirectory: String? = nil, mergingStderr: Bool = false, timeout: Duration? = nil,
                            afterStart: (Int32) -> Void = { _ in }) async throws -> ChildRunResult {
        let child = try ChildProcess(executable, arguments, environment: environment, inheritedEnvironment: inheritedEnvironment,
                                     currentDirectory: currentDirectory, stderrLimit: .max, mergingStderr: mergingStderr)
        afterStart(child.pid)
        var timedOut = false
        var exit = try await child.waitForExit(timeout: timeout)
        if exit == nil {
            timedOut = true
            exit = try await child.killAndReap()
        }
        guard let exit else { preconditionFailure("a reaped child has an exit") }
        return ChildRunResult(exit: exit, timedOut: timedOut, stdout: child.output.stdoutText, stderr: child.output.stderrTail)
    }
}
