// quiver-torture: kills a Quiver workload with SIGKILL at seeded random moments and checks, after
// every restart, that recovery kept exactly what was acknowledged (issue 7). The default command
// drives; `worker` is the child it re-executes (with --server-port, an HTTP client of the
// `quiver serve` child that --mode server kills instead, or with --grpc a Milvus gRPC client of
// it for --mode grpc; --mode racing races clients on few names
// through `quiver serve`, RacingDriver.swift). Prints one JSON line per cycle and a last line
// {"cycles":..,"operations":..,"kills":..,"violations":..}; exits 1 after the first violation.

import ArgumentParser
import Foundation
import QuiverStorage   // KillPoint (package access)

@main
struct TortureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quiver-torture",
        abstract: "Crash-recovery torture test: SIGKILL a workload, reopen, check invariants, repeat.",
        subcommands: [DriveCommand.self, WorkerCommand.self],
        defaultSubcommand: DriveCommand.self)
}

struct DriveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drive", abstract: "Run kill cycles (the default command).")

    @Option(help: "Data directory; must be empty or absent.") var data: String
    @Option(help: "Kill cycles to run.") var cycles: Int = 20
    @Option(help: "Seed of the workload and of the kill moments.") var seed: UInt64 = 1
    @Option(help: "Stop starting new cycles after this many seconds.") var duration: Double?
    @Option(help: "How the workload runs: process (a child process using the embedded API), server (a child `quiver serve`, driven over HTTP, is the one killed), grpc (the same, driven over Milvus gRPC) or racing (clients race namespace changes and writes on few names through `quiver serve`; checks codes and the end state, then kills the server).")
    var mode: String = "process"
    @Option(help: "Racing mode: client threads per cycle.") var clients: Int = 8
    @Option(help: "Racing mode: operations each client sends per cycle.") var operationsPerClient: Int = 50
    @Option(help: "The quiver binary for --mode server, grpc or racing (default: beside this tool).") var quiver: String?
    @Option(help: "Most rows per insert or upsert.") var batchRows: Int = 16
    @Option(help: "Most acknowledged operations before a kill.") var maxOperationsPerCycle: Int = 40
    @Flag(help: "In a third of the cycles, let the worker die at a named kill point (QUIVER_KILL_POINT) instead of a SIGKILL.")
    var killPoints = false

    func validate() throws {
        guard ["process", "server", "grpc", "racing"].contains(mode) else {
            throw ValidationError("--mode must be process, server, grpc or racing, not \(mode)")
        }
        guard !(mode != "process" && killPoints) else { throw ValidationError("--kill-points works with --mode process only") }
        guard (1...64).contains(clients) else { throw ValidationError("--clients must be in 1...64") }
        guard operationsPerClient >= 1 else { throw ValidationError("--operations-per-client must be at least 1") }
        guard cycles >= 1 else { throw ValidationError("--cycles must be at least 1") }
        guard (1...64).contains(batchRows) else { throw ValidationError("--batch-rows must be in 1...64") }
        guard maxOperationsPerCycle >= 1 else { throw ValidationError("--max-operations-per-cycle must be at least 1") }
    }

    func run() async throws {
        if mode == "racing" {
            let summary = try await RacingDriver(data: data, seed: seed, quiverBinary: quiver ?? TortureDriver.defaultQuiverBinary,
                                                 clients: clients, operationsPerClient: operationsPerClient,
                                                 cycleLimit: cycles, durationSeconds: duration).run()
            TortureOutput.line(summary.json)
            if summary.violations > 0 { throw ExitCode(1) }
            return
        }
        var driver = TortureDriver(
            data: data, seed: seed, workload: TortureWorkload(seed: seed, maxBatchRows: batchRows),
            cycleLimit: cycles, durationSeconds: duration, maxOperationsPerCycle: maxOperationsPerCycle,
            usesKillPoints: killPoints,
            quiverServeBinary: mode == "server" || mode == "grpc" ? quiver ?? TortureDriver.defaultQuiverBinary : nil,
            usesGRPC: mode == "grpc")
        let summary = try await driver.run()
        TortureOutput.line(summary.json)
        if summary.violations > 0 { throw ExitCode(1) }
    }
}

struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "The child: run the seeded workload from a step until killed.")

    @Option var data: String
    @Option var seed: UInt64
    @Option var startStep: Int
    @Option(help: "Exit after this step (a bound in case the driver never kills).") var endStep: Int?
    @Option var batchRows: Int = 16
    @Option(help: "Send every operation to `quiver serve` on this 127.0.0.1 port instead of opening the data directory.")
    var serverPort: Int?
    @Flag(help: "With --server-port: speak Milvus gRPC instead of REST.") var grpc = false

    func run() async throws {
        if let serverPort, grpc {
            try await GRPCWorker(port: serverPort, workload: TortureWorkload(seed: seed, maxBatchRows: batchRows))
                .run(from: startStep, through: endStep ?? startStep + 100_000)
            return
        }
        if let serverPort {
            ServerWorker(client: ServerClient(port: serverPort), workload: TortureWorkload(seed: seed, maxBatchRows: batchRows))
                .run(from: startStep, through: endStep ?? startStep + 100_000)
            return
        }
        KillPoint.armFromEnvironment()
        let worker = TortureWorker(data: data, workload: TortureWorkload(seed: seed, maxBatchRows: batchRows))
        try await worker.run(from: startStep, through: endStep ?? startStep + 100_000)
    }
}
