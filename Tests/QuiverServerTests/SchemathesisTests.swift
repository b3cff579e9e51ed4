// The standing adversarial suite: schemathesis (pinned in Tests/requirements.txt, installed into
// .venv/ by `make venv`) generates requests from docs/openapi.yaml, in its examples, coverage,
// fuzzing and stateful phases, against a real `quiver serve` on loopback with a token and a fresh
// data directory, and runs every default check (negative_data_rejection replaced by the Milvus
// envelope-aware check in Tests/schemathesis/hooks.py; settings in Tests/schemathesis/schemathesis.toml).
//
// Invariants: traffic goes only to 127.0.0.1; the run is bounded (fixed seed and example counts,
// plus a hard kill after `deadlineSeconds`); any failure schemathesis reports fails this test with
// its report and the server's log. Both children run at a lower CPU priority (nice 10) so that on a
// 2-core machine the rest of `make test`, which runs beside this test, keeps the cores it needs. Without .venv the test is skipped, saying how to get it, except
// under `make test` (QUIVER_REQUIRE_SCHEMATHESIS=1), where a missing venv is a failure.

import Foundation
import QuiverHarness
import Testing

@Suite struct SchemathesisTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static let executable = repositoryRoot + "/.venv/bin/schemathesis"
    static let required = ProcessInfo.processInfo.environment["QUIVER_REQUIRE_SCHEMATHESIS"] == "1"
    static let available = FileManager.default.isExecutableFile(atPath: executable)
    /// The whole run, phases included, stays well under this on a loaded 2-core machine.
    static let deadlineSeconds: TimeInterval = 540

    @Test(.enabled(if: available || required,
                   "schemathesis is not installed in .venv/: run `make venv` (make test does it) to run this suite"))
    func schemathesisFindsNoFailureInTheOpenAPIDescription() async throws {
        try #require(Self.available, "no \(Self.executable): `make venv` did not install schemathesis")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("quiver-schemathesis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let token = "schemathesis:\(UUID().uuidString)"
        let server = try await ServeProcess(data: scratch.appendingPathComponent("data").path, ["--token", token])
        Self.lowerPriority(of: server.child.pid)

        let (status, output) = try await Self.runSchemathesis(port: server.port, token: token, scratch: scratch)
        let serverLog = server.log
        let serverExit = try await server.stop()
        #expect(status == 0, """
            schemathesis reported failures (exit \(status)); reproduce with `make venv` and a server on port P:
            .venv/bin/schemathesis --config-file Tests/schemathesis/schemathesis.toml run docs/openapi.yaml \
            --url http://127.0.0.1:P -H 'Authorization: Bearer <token>'
            \(Self.tail(output, 24_000))
            server log (tail):
            \(Self.tail(serverLog, 4_000))
            """)
        #expect(serverExit == 0, "quiver serve exited \(serverExit) after the run; log:\n\(Self.tail(serverLog, 8_000))")
    }

    /// Runs schemathesis from the repository root (the config's relative paths) to completion or the
    /// deadline; returns its exit status (-1 when killed at the deadline) and its combined output.
    static func runSchemathesis(port: Int, token: String, scratch: URL) async throws -> (Int32, String) {
        let arguments = [
            "--config-file", "Tests/schemathesis/schemathesis.toml", "--no-color",
            "run", "docs/openapi.yaml",
            "--url", "http://127.0.0.1:\(port)",
            "--header", "Authorization: Bearer \(token)",
            "--report-dir", scratch.appendingPathComponent("report").path,
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        environment["HYPOTHESIS_STORAGE_DIRECTORY"] = scratch.appendingPathComponent("hypothesis").path
        environment["COLUMNS"] = "160"
        environment.removeValue(forKey: "SCHEMATHESIS_HOOKS")
        return try await runTool(executable, arguments, environment: environment, deadlineSeconds: deadlineSeconds,
                                 afterStart: lowerPriority(of:))
    }

    /// Runs a tool of the test virtualenv from the repository root with exactly `environment`, to
    /// completion or a SIGKILL at the deadline; returns its exit status (-1 when killed, with a
    /// line saying so after its output) and its stdout and stderr interleaved.
    static func runTool(_ executable: String, _ arguments: [String], environment: [String: String],
                        deadlineSeconds: TimeInterval, afterStart: (Int32) -> Void = { _ in }) async throws -> (Int32, String) {
        let result = try await ChildProcess.run(executable, arguments, inheritedEnvironment: environment, currentDirectory: repositoryRoot,
                                                mergingStderr: true, timeout: .seconds(deadlineSeconds), afterStart: afterStart)
        return result.timedOut ? (-1, result.stdout + "\n(killed after \(Int(deadlineSeconds)) s)") : (result.status, result.stdout)
    }

    /// Renices every thread of `pid` to 10 (on Linux a priority belongs to a thread; threads started
    /// later inherit it from their creator). Best effort: a thread gone meanwhile is skipped.
    static func lowerPriority(of pid: Int32) {
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? ["\(pid)"]
        for thread in threads.compactMap({ id_t($0) }) {
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), thread, 10)
        }
    }

    /// The last `count` characters of `text`, marked when cut.
    static func tail(_ text: String, _ count: Int) -> String {
        text.count <= count ? text : "…" + String(text.suffix(count))
    }
}
