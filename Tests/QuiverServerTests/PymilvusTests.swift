// pymilvus (pinned in Tests/requirements.txt, installed into .venv/ by `make venv`) against a real
// `quiver serve` over gRPC on its one port: Tests/pymilvus/smoke.py connects with
// MilvusClient(uri:, token:), asks get_server_version() and list_collections(), and must see the
// collection this test made over REST on the same port; Tests/pymilvus/compat_suite.py runs the
// compatibility suite (every served RPC as pymilvus calls it, bad input refused with a clear
// MilvusException and nothing stored, a wrong token refused) and, around a SIGTERM and a kill -9
// of the server, checks that every acknowledged insert is there after the restart.
// Invariants: traffic goes only to 127.0.0.1; the script is killed after `deadlineSeconds`.
// Without .venv/bin/python (or without pymilvus in it) the test is skipped, saying how to get it,
// except under `make test` (QUIVER_REQUIRE_PYMILVUS=1), where that is a failure.

import Foundation
import Testing

@Suite struct PymilvusTests {
    static let python = SchemathesisTests.repositoryRoot + "/.venv/bin/python"
    static let script = SchemathesisTests.repositoryRoot + "/Tests/pymilvus/smoke.py"
    static let suite = SchemathesisTests.repositoryRoot + "/Tests/pymilvus/compat_suite.py"
    static let required = ProcessInfo.processInfo.environment["QUIVER_REQUIRE_PYMILVUS"] == "1"
    static let available = FileManager.default.isExecutableFile(atPath: python)
        && FileManager.default.fileExists(atPath: SchemathesisTests.repositoryRoot + "/.venv/.installed")
    static let deadlineSeconds: TimeInterval = 240

    @Test(.enabled(if: available || required,
                   "pymilvus is not installed in .venv/: run `make venv` (make test does it) to run this test"))
    func pymilvusConnectsListsAndReadsTheVersionOverGRPC() async throws {
        try #require(Self.available, "no \(Self.python) with the pinned packages: `make venv` did not finish")
        let data = GRPCSharedPortTests.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let token = "root:Milvus"
        let server = try await ServeProcess(data: data, ["--token", token])
        let created = try server.post("collections/create", #"{"collectionName":"made_over_rest","dimension":4}"#,
                                      headers: ["Authorization": "Bearer \(token)"])
        #expect(created.code == 0, "REST create: \(created.text)")

        let (status, output) = try await Self.runScript(["http://127.0.0.1:\(server.port)", token, "made_over_rest"])
        let log = server.log
        let serverExit = try await server.stop()
        #expect(status == 0, "Tests/pymilvus/smoke.py failed (exit \(status)):\n\(output)\nserver log (tail):\n\(SchemathesisTests.tail(log, 4_000))")
        #expect(output.contains(#""collections": ["made_over_rest"]"#), "smoke.py printed:\n\(output)")
        #expect(serverExit == 0, "quiver serve exited \(serverExit); log:\n\(SchemathesisTests.tail(log, 8_000))")
    }

    @Test(.enabled(if: available || required,
                   "pymilvus is not installed in .venv/: run `make venv` (make test does it) to run this test"))
    func theCompatibilitySuitePassesWithAToken() async throws {
        try #require(Self.available, "no \(Self.python) with the pinned packages: `make venv` did not finish")
        let data = GRPCSharedPortTests.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let token = "root:Milvus"
        let server = try await ServeProcess(data: data, ["--token", token])
        let (status, output) = try await Self.runScript(["http://127.0.0.1:\(server.port)", token, "all"], script: Self.suite)
        let log = server.log
        let serverExit = try await server.stop()
        let failed = output.split(separator: "\n").filter { $0.contains(#""ok": false"#) }
        #expect(status == 0 && failed.isEmpty, "compat_suite.py (exit \(status)) failed checks:\n\(failed.joined(separator: "\n"))\n\(SchemathesisTests.tail(output, 6_000))")
        #expect(output.contains(#"{"failed": []}"#), "the suite did not run to its end:\n\(SchemathesisTests.tail(output, 4_000))")
        #expect(serverExit == 0, "quiver serve exited \(serverExit); log:\n\(SchemathesisTests.tail(log, 8_000))")
    }

    @Test(.enabled(if: available || required,
                   "pymilvus is not installed in .venv/: run `make venv` (make test does it) to run this test"),
          arguments: [SIGTERM, SIGKILL])
    func insertsAcknowledgedToPymilvusSurviveTheServerStopping(signal: Int32) async throws {
        try #require(Self.available, "no \(Self.python) with the pinned packages: `make venv` did not finish")
        let data = GRPCSharedPortTests.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let first = try await ServeProcess(data: data)
        let (written, writeOutput) = try await Self.runScript(["http://127.0.0.1:\(first.port)", "", "write"], script: Self.suite)
        #expect(written == 0 && writeOutput.contains(#"{"acked": 200}"#), "write phase:\n\(SchemathesisTests.tail(writeOutput, 4_000))")
        _ = try await first.stop(with: signal)
        let second = try await ServeProcess(data: data)
        let (verified, verifyOutput) = try await Self.runScript(["http://127.0.0.1:\(second.port)", "", "verify"], script: Self.suite)
        let log = second.log
        _ = try await second.stop()
        #expect(verified == 0, "after signal \(signal), the verify phase failed:\n\(SchemathesisTests.tail(verifyOutput, 4_000))\nserver log:\n\(SchemathesisTests.tail(log, 4_000))")
    }

    /// Runs a script to completion or the deadline; returns its exit status (-1 when killed) and output.
    static func runScript(_ arguments: [String], script: String = PymilvusTests.script) async throws -> (Int32, String) {
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        // Loopback only: no proxy may intercept the gRPC channel.
        for name in ["http_proxy", "https_proxy", "grpc_proxy", "HTTP_PROXY", "HTTPS_PROXY", "GRPC_PROXY", "all_proxy", "ALL_PROXY"] {
            environment.removeValue(forKey: name)
        }
        environment["no_proxy"] = "127.0.0.1,localhost"
        environment["NO_PROXY"] = "127.0.0.1,localhost"
        return try await SchemathesisTests.runTool(python, [script] + arguments, environment: environment,
                                                   deadlineSeconds: deadlineSeconds)
    }
}
