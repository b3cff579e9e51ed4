// ServeProcess: the real `quiver serve` binary as a child process on a free loopback port
// (QuiverHarness's ChildProcess.startServe: `--port 0`, the port read from its listening line),
// and `runQuiver` for the binary's other commands. stderr (the logs) is kept, up to 4 MiB, for
// tests to print on failure. The binary is found next to the test bundle (override: QUIVER_BINARY).
// What stays here needs Swift Testing (recording a server that ignored its signal).

import Foundation
import QuiverHarness
import Testing

// Ownership: used by the one test task that started it.
final class ServeProcess {
    let child: ChildProcess
    let port: Int

    static let binaryPath = BuiltExecutable.path(of: "quiver", overrideVariable: "QUIVER_BINARY")

    /// Starts `quiver serve --data <data> --port 0 <extra...>` and waits for its listening line.
    init(data: String, _ extra: [String] = []) async throws {
        child = try ChildProcess.startServe(binary: Self.binaryPath, data: data, extra, stderrLimit: 4 << 20)
        // Generous: under `make test` the debug server starts while index tests saturate both cores.
        guard let port = try await child.waitForListeningPort(stallTimeout: .seconds(300)) else {
            _ = try await child.killAndReap()
            throw ServeProcessError(description: "quiver serve did not report its port; stdout \(child.lines), log:\n\(child.output.stderrTail)")
        }
        self.port = port
    }

    /// The server's log (stderr) so far.
    var log: String { child.output.stderrTail }

    func post(_ route: String, _ body: String?, headers: [String: String] = [:]) throws -> LoopbackHTTPReply {
        try LoopbackHTTPClient(port: port).send("POST", route.hasPrefix("/") ? route : "/v2/vectordb/\(route)",
                                                body: body.map { Array($0.utf8) }, headers: headers)
    }

    func get(_ path: String, headers: [String: String] = [:]) throws -> LoopbackHTTPReply {
        try LoopbackHTTPClient(port: port).send("GET", path, headers: headers)
    }

    /// Sends `signal` and waits for the process to exit; returns its exit status.
    func stop(with signal: Int32 = SIGTERM) async throws -> Int32 {
        child.kill(signal: signal)
        if let exit = try await child.waitForExit(timeout: .seconds(300)) { return exit.status }
        Issue.record("quiver serve ignored signal \(signal); log:\n\(log)")
        return try await child.killAndReap().status
    }
}

struct ServeProcessError: Error, CustomStringConvertible {
    let description: String
}

/// Runs the `quiver` binary to completion.
func runQuiver(_ arguments: [String]) async throws -> ChildRunResult {
    try await ChildProcess.run(ServeProcess.binaryPath, arguments)
}
