// The torture driver, bounded: `quiver-torture` SIGKILLs its seeded workload (inserts, upserts,
// deletes by id and by filter, flushes, compactions, searches) a few times (in process mode, at
// named kill points, and through `quiver serve`), recovers after each
// kill and checks every invariant of issue 7. The test asserts that the run finished every
// cycle, really killed its workers, and found no violation; the tool's own output names the
// first violation (seed and step) when there is one.

import Foundation
import QuiverJSON
import Testing

@Suite(.serialized) struct TortureTests {
    /// `quiver-torture` beside the `quiver` binary the CLI tests run (override with QUIVER_TORTURE_BINARY).
    static let binaryPath: String = ProcessInfo.processInfo.environment["QUIVER_TORTURE_BINARY"]
        ?? URL(fileURLWithPath: QuiverProcess.binaryPath).deletingLastPathComponent().appendingPathComponent("quiver-torture").path

    @Test(arguments: [UInt64(1), 2])
    func killCyclesFindNoViolation(seed: UInt64) async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let cycleCount = 4
        let result = try await Self.run(["--data", sandbox.data, "--cycles", "\(cycleCount)", "--seed", "\(seed)",
                                         "--batch-rows", "8", "--max-operations-per-cycle", "20"])
        #expect(result.status == 0, "quiver-torture failed: \(result.stdout.suffix(2000)) \(result.stderr.suffix(2000))")
        let last = try #require(result.stdoutLines.last, "no output; stderr: \(result.stderr.suffix(2000))")
        let summary = try #require(try JSONParser.parse(last, maxDepth: 64).asIntDictionary, "last line: \(last)")
        #expect(summary["violations"] == 0, "\(result.stdout.suffix(2000))")
        #expect(summary["cycles"] == cycleCount)
        #expect(summary["kills"] == cycleCount, "every cycle must end in a SIGKILL of a running worker")
        #expect((summary["operations"] ?? 0) > 0, "no operation was acknowledged; the run proved little")
    }

    /// Kill points: some workers die at a named instruction (a WAL record written but not synced,
    /// a segment written but not committed, a merge before and after its catalog swap) instead of
    /// at a random SIGKILL; recovery must still find no violation.
    @Test func killPointCyclesFindNoViolation() async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let cycleCount = 6
        let result = try await Self.run(["--data", sandbox.data, "--cycles", "\(cycleCount)", "--seed", "5", "--kill-points",
                                         "--batch-rows", "8", "--max-operations-per-cycle", "20"])
        #expect(result.status == 0, "quiver-torture failed: \(result.stdout.suffix(2000)) \(result.stderr.suffix(2000))")
        let last = try #require(result.stdoutLines.last, "no output; stderr: \(result.stderr.suffix(2000))")
        let summary = try #require(try JSONParser.parse(last, maxDepth: 64).asIntDictionary, "last line: \(last)")
        #expect(summary["violations"] == 0, "\(result.stdout.suffix(2000))")
        #expect(summary["cycles"] == cycleCount)
        #expect((summary["kill_point_exits"] ?? 0) > 0, "no worker died at a kill point: \(result.stdout.suffix(2000))")
    }

    /// Server mode: `quiver serve` is the process killed, the workload arrives over HTTP, and
    /// every acknowledged request must survive the kill.
    @Test func serverModeCyclesFindNoViolation() async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let cycleCount = 4
        let result = try await Self.run(["--data", sandbox.data, "--cycles", "\(cycleCount)", "--seed", "3", "--mode", "server",
                                         "--quiver", QuiverProcess.binaryPath, "--batch-rows", "8", "--max-operations-per-cycle", "20"])
        #expect(result.status == 0, "quiver-torture failed: \(result.stdout.suffix(2000)) \(result.stderr.suffix(2000))")
        let last = try #require(result.stdoutLines.last, "no output; stderr: \(result.stderr.suffix(2000))")
        let summary = try #require(try JSONParser.parse(last, maxDepth: 64).asIntDictionary, "last line: \(last)")
        #expect(summary["violations"] == 0, "\(result.stdout.suffix(2000))")
        #expect(summary["cycles"] == cycleCount)
        #expect(summary["kills"] == cycleCount, "every cycle must end in a SIGKILL of a running server")
        #expect((summary["operations"] ?? 0) > 0, "no request was acknowledged; the run proved little")
    }

    @Test func refusesADirectoryThatAlreadyHoldsData() async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        try FileManager.default.createDirectory(atPath: sandbox.data, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: sandbox.data + "/unrelated", contents: Data("x".utf8))
        let result = try await Self.run(["--data", sandbox.data, "--cycles", "1", "--seed", "1"])
        #expect(result.status != 0)
        #expect(FileManager.default.contents(atPath: sandbox.data + "/unrelated") == Data("x".utf8))
    }

    /// Runs `quiver-torture arguments...` to completion.
    static func run(_ arguments: [String]) async throws -> QuiverResult {
        try await QuiverProcess.run(arguments, executable: binaryPath)
    }
}
