// ToolRun: runs a tool of the test virtualenv (schemathesis, a pymilvus script) from the
// repository root, to completion or a deadline, with stdout and stderr together in one file (so a
// chatty tool never blocks on a pipe). A tool still running at the deadline is SIGKILLed and its
// status is -1, with a line saying so after its output.

import Foundation

enum ToolRun {
    /// Runs `executable` with `arguments` and `environment`; `afterStart` sees the child's pid
    /// (to renice it, say). Returns the exit status (-1 when killed at the deadline) and the output.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String], outputURL: URL,
                    deadlineSeconds: TimeInterval, pollInterval: Duration,
                    afterStart: (Int32) -> Void = { _ in }) async throws -> (Int32, String) {
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL)
        defer { try? output.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.currentDirectoryURL = URL(fileURLWithPath: SchemathesisTests.repositoryRoot)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        try process.run()
        afterStart(process.processIdentifier)
        let deadline = Date().addingTimeInterval(deadlineSeconds)
        while process.isRunning, Date() < deadline { try await Task.sleep(for: pollInterval) }
        var status: Int32 = -1
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            while process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
        } else {
            status = process.terminationStatus
        }
        let text = (try? String(contentsOf: outputURL, encoding: .utf8)) ?? ""
        return (status, status == -1 ? text + "\n(killed after \(Int(deadlineSeconds)) s)" : text)
    }
}
