// QuiverProcess: runs the built `quiver` binary as a child process, as scripts do.
// `run` waits for exit and returns status, stdout and stderr (captured through files, so a chatty
// child can never block on a full pipe). `start` streams stdout lines to a reader thread so a
// test can SIGKILL the child at any moment and still see every line it wrote before dying.
// Children get SWIFT_BACKTRACE=enable=no so a crash or kill is not slowed by symbolication.

import Foundation
import Synchronization
import Testing

struct QuiverResult {
    let status: Int32
    let stdout: String
    let stderr: String

    var stdoutLines: [String] { stdout.split(separator: "\n").map(String.init) }

    /// The stdout lines parsed as JSON objects.
    func jsonLines(sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        try stdoutLines.map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return try #require(object as? [String: Any], "not a JSON object: \(line)", sourceLocation: sourceLocation)
        }
    }
}

enum QuiverProcess {
    /// The `quiver` executable next to the test bundle (override with QUIVER_BINARY).
    static let binaryPath: String = {
        let fileManager = FileManager.default
        var candidates: [String] = []
        if let override = ProcessInfo.processInfo.environment["QUIVER_BINARY"] { candidates.append(override) }
        for start in [CommandLine.arguments.first, Bundle.main.executablePath, Bundle.main.bundlePath].compactMap({ $0 }) {
            var directory = URL(fileURLWithPath: start).deletingLastPathComponent()
            for _ in 0 ..< 3 {
                candidates.append(directory.appendingPathComponent("quiver").path)
                directory.deleteLastPathComponent()
            }
        }
        candidates.append(fileManager.currentDirectoryPath + "/.build/debug/quiver")
        return candidates.first { path in
            var isDirectory: ObjCBool = false
            return fileManager.isExecutableFile(atPath: path)
                && fileManager.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
        } ?? ".build/debug/quiver"
    }()

    static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        return environment
    }

    /// Runs `quiver arguments...` (or another built tool, `executable`) to completion, output
    /// captured through files.
    static func run(_ arguments: [String], executable: String = binaryPath) async throws -> QuiverResult {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("quiver-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let stdoutURL = scratch.appendingPathComponent("stdout"), stderrURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        let stdoutHandle = try FileHandle(forWritingTo: stdoutURL), stderrHandle = try FileHandle(forWritingTo: stderrURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdoutHandle
        process.standardError = stderrHandle
        try process.run()
        while process.isRunning { try await Task.sleep(for: .milliseconds(2)) }
        try stdoutHandle.close()
        try stderrHandle.close()
        return QuiverResult(status: process.terminationStatus,
                            stdout: try String(contentsOf: stdoutURL, encoding: .utf8),
                            stderr: try String(contentsOf: stderrURL, encoding: .utf8))
    }

    /// Starts `quiver arguments...` and returns at once; stdout lines arrive in `lines`.
    static func start(_ arguments: [String]) throws -> RunningQuiver {
        try RunningQuiver(arguments: arguments)
    }
}

/// Collects a child's stdout lines; fed by one reader thread, read by the test.
final class LineCollector: Sendable {
    private struct State {
        var lines: [String] = []
        var partial: [UInt8] = []
        var reachedEnd = false
    }

    // Guarded by `state`: what the reader thread has seen so far.
    private let state = Mutex(State())

    func append(_ chunk: Data) {
        state.withLock { state in
            if chunk.isEmpty { state.reachedEnd = true }
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

    var lines: [String] { state.withLock { $0.lines } }
    var lineCount: Int { state.withLock { $0.lines.count } }
    var reachedEnd: Bool { state.withLock { $0.reachedEnd } }
}

/// A child `quiver` whose stdout is read line by line on a background thread.
/// Ownership: used by the one test task that started it.
final class RunningQuiver {
    let process: Process
    private let collector = LineCollector()

    fileprivate init(arguments: [String]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: QuiverProcess.binaryPath)
        process.arguments = arguments
        process.environment = QuiverProcess.environment
        process.standardInput = FileHandle.nullDevice
        let stdoutPipe = Pipe(), stderrPipe = Pipe()
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        try process.run()
        let collector = self.collector
        let stdoutReader = stdoutPipe.fileHandleForReading
        Thread.detachNewThread {
            while true {
                let chunk = stdoutReader.availableData
                collector.append(chunk)
                if chunk.isEmpty { return }
            }
        }
        // Drain stderr so the child never blocks on it.
        let stderrReader = stderrPipe.fileHandleForReading
        Thread.detachNewThread { _ = stderrReader.readDataToEndOfFile() }
    }

    var pid: Int32 { process.processIdentifier }

    var lines: [String] { collector.lines }

    /// Waits until at least `count` stdout lines arrived, or stdout ended; false if it ended first.
    /// `patienceSeconds` only bounds a hung child; tests never assert on how long this takes.
    func waitForLines(_ count: Int, patienceSeconds: Double = 120) async throws -> Bool {
        let deadline = Date().addingTimeInterval(patienceSeconds)
        while Date() < deadline {
            if collector.lineCount >= count { return true }
            if collector.reachedEnd { return false }
            try await Task.sleep(for: .milliseconds(2))
        }
        Issue.record("quiver \(process.arguments ?? []) printed no line within \(patienceSeconds) s")
        return false
    }

    /// SIGKILLs the child (if it still runs), reaps it and waits until its stdout is fully read.
    func killAndDrain() async throws {
        if process.isRunning { kill(pid, SIGKILL) }
        try await waitForExit()
    }

    /// Waits for the child to exit by itself and for its stdout to be fully read.
    func waitForExit() async throws {
        while process.isRunning || !collector.reachedEnd { try await Task.sleep(for: .milliseconds(2)) }
    }
}
