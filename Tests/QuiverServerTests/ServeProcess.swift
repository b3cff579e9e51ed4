// ServeProcess: the real `quiver serve` binary as a child process on a free loopback port
// (`--port 0`; the port is read from its `{"listening":"127.0.0.1:N"}` stdout line). stderr
// (the logs) goes to a file so the child never blocks on a pipe; tests print it on failure.
// The binary is found next to the test bundle, as QuiverCLITests does (override: QUIVER_BINARY).

import Foundation
import Synchronization
import Testing

// Ownership: used by the one test task that started it.
final class ServeProcess {
    let process: Process
    let port: Int
    let logPath: String

    static let binaryPath: String = {
        var candidates: [String] = []
        if let override = ProcessInfo.processInfo.environment["QUIVER_BINARY"] { candidates.append(override) }
        for start in [CommandLine.arguments.first, Bundle.main.executablePath, Bundle.main.bundlePath].compactMap({ $0 }) {
            var directory = URL(fileURLWithPath: start).deletingLastPathComponent()
            for _ in 0 ..< 3 {
                candidates.append(directory.appendingPathComponent("quiver").path)
                directory.deleteLastPathComponent()
            }
        }
        candidates.append(FileManager.default.currentDirectoryPath + "/.build/debug/quiver")
        return candidates.first { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.isExecutableFile(atPath: path)
                && FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
        } ?? ".build/debug/quiver"
    }()

    static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        return environment
    }

    /// Starts `quiver serve --data <data> --port 0 <extra...>` and waits for its listening line.
    init(data: String, _ extra: [String] = []) async throws {
        let logPath = FileManager.default.temporaryDirectory.appendingPathComponent("quiver-serve-\(UUID().uuidString).log").path
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binaryPath)
        process.arguments = ["serve", "--data", data, "--port", "0"] + extra
        process.environment = Self.environment
        process.standardInput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        let stdout = Pipe()
        process.standardOutput = stdout
        try process.run()
        let reader = stdout.fileHandleForReading
        let lineBox = LineBox()
        Thread.detachNewThread {
            var buffer: [UInt8] = []
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { lineBox.finish(); return }
                buffer += chunk
                if let newline = buffer.firstIndex(of: 10) {
                    lineBox.set(String(decoding: buffer[..<newline], as: UTF8.self))
                    _ = reader.readDataToEndOfFile()   // drain the rest so the child never blocks
                    lineBox.finish()
                    return
                }
            }
        }
        // Generous: under `make test` the debug server starts while index tests saturate both cores.
        let deadline = Date().addingTimeInterval(300)
        var line: String?
        while Date() < deadline {
            if let found = lineBox.line { line = found; break }
            if lineBox.finished || !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(5))
        }
        self.process = process
        self.logPath = logPath
        guard let line, let range = line.range(of: #":[0-9]+""#, options: .regularExpression),
              let port = Int(line[range].dropFirst().dropLast()) else {
            if process.isRunning { process.terminate() }
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            throw ServeProcessError(description: "quiver serve did not report its port; stdout '\(lineBox.line ?? "")', log:\n\(log)")
        }
        self.port = port
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    func post(_ route: String, _ body: String?, headers: [String: String] = [:]) throws -> SocketHTTPReply {
        try SocketHTTPClient.send(port: port, path: route.hasPrefix("/") ? route : "/v2/vectordb/\(route)", body: body, headers: headers)
    }

    func get(_ path: String, headers: [String: String] = [:]) throws -> SocketHTTPReply {
        try SocketHTTPClient.send(port: port, method: "GET", path: path, headers: headers)
    }

    /// Sends `signal` and waits for the process to exit; returns its exit status.
    func stop(with signal: Int32 = SIGTERM) async throws -> Int32 {
        if process.isRunning { kill(process.processIdentifier, signal) }
        let deadline = Date().addingTimeInterval(300)
        while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(5)) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("quiver serve ignored signal \(signal); log:\n\(log)")
        }
        while process.isRunning { try await Task.sleep(for: .milliseconds(5)) }
        try? FileManager.default.removeItem(atPath: logPath)
        return process.terminationStatus
    }
}

struct ServeProcessError: Error, CustomStringConvertible {
    let description: String
}

/// The first stdout line of a child, written by its reader thread.
final class LineBox: Sendable {
    // Guarded by `state`.
    private let state = Mutex<(line: String?, finished: Bool)>((nil, false))
    func set(_ line: String) { state.withLock { $0.line = line } }
    func finish() { state.withLock { $0.finished = true } }
    var line: String? { state.withLock { $0.line } }
    var finished: Bool { state.withLock { $0.finished } }
}

/// Runs the `quiver` binary to completion (stdout and stderr through files).
func runQuiver(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("quiver-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("out"), errURL = scratch.appendingPathComponent("err")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: ServeProcess.binaryPath)
    process.arguments = arguments
    process.environment = ServeProcess.environment
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    try process.run()
    while process.isRunning { try await Task.sleep(for: .milliseconds(5)) }
    return (process.terminationStatus, try String(contentsOf: outURL, encoding: .utf8), try String(contentsOf: errURL, encoding: .utf8))
}
