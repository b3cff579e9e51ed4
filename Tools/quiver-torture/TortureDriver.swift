// TortureDriver: the kill cycles. Each cycle starts a worker at the model's next step, SIGKILLs it
// after a seeded number of acknowledgements plus a seeded delay (0 acknowledgements: during open
// and recovery), replays its log onto the model, then checks the directory:
//   verify (offline) intact -> open: state == model, or model + the in-flight mutation applied
//   whole -> counts, filters, point reads -> maybe compact and compare again -> abandon (a second
//   crash) -> open again: the same state -> close -> verify intact.
// The kill moments are seeded but land where the child's timing puts them, so a seed reproduces
// the workload and the kill plan exactly, the interleaving only approximately.
// With --kill-points, a third of the cycles arm a named kill point instead (QUIVER_KILL_POINT,
// Sources/QuiverStorage/Support/KillPoint.swift): the worker dies by itself at that instruction
// (exit status KillPoint.exitStatus), or ends cleanly after a bounded number of steps.
// Ownership: runs on the command's task; owns the data directory while it runs.
// The checks after a kill are in TortureDriver+Recovery.swift.

import Foundation
import Quiver
import QuiverHarness
import QuiverStorage   // KillPoint (package access)

struct TortureSummary {
    /// `kills` counts SIGKILLs of a running worker; `killPointExits` counts workers that died at an
    /// armed kill point (--kill-points).
    var cycles = 0, operations = 0, kills = 0, violations = 0, killPointExits = 0
    var json: String {
        "{\"cycles\":\(cycles),\"operations\":\(operations),\"kills\":\(kills),\"violations\":\(violations)"
            + ",\"kill_point_exits\":\(killPointExits)}"
    }
}

struct TortureDriver {
    let data: String
    let seed: UInt64
    let workload: TortureWorkload
    let cycleLimit: Int
    let durationSeconds: Double?
    let maxOperationsPerCycle: Int
    let usesKillPoints: Bool
    /// Server mode: the `quiver` binary to run as `quiver serve` (nil: process mode).
    let quiverServeBinary: String?
    /// Server mode: the client speaks Milvus gRPC (GRPCWorker) instead of REST (ServerWorker).
    let usesGRPC: Bool

    var model: TortureModel
    private var summary = TortureSummary()
    private var random: TortureRandom

    init(data: String, seed: UInt64, workload: TortureWorkload, cycleLimit: Int, durationSeconds: Double?,
         maxOperationsPerCycle: Int, usesKillPoints: Bool = false, quiverServeBinary: String? = nil, usesGRPC: Bool = false) {
        self.data = data
        self.seed = seed
        self.workload = workload
        self.cycleLimit = cycleLimit
        self.durationSeconds = durationSeconds
        self.maxOperationsPerCycle = maxOperationsPerCycle
        self.usesKillPoints = usesKillPoints
        self.quiverServeBinary = quiverServeBinary
        self.usesGRPC = usesGRPC
        model = TortureModel(seed: seed)
        random = TortureRandom(seed: TortureData.mix(seed, 0x4B49_4C4C))
    }

    mutating func run() async throws -> TortureSummary {
        try await createDatabase()
        let start = ContinuousClock.now
        var nextStep = 0
        for cycle in 0..<cycleLimit {
            if let durationSeconds, ContinuousClock.now - start >= .seconds(durationSeconds) { break }
            let outcome: CycleOutcome
            do {
                outcome = try await runCycle(cycle, startStep: nextStep)
            } catch {
                // An error from open, verify or a read after a crash is a failed recovery.
                outcome = CycleOutcome(nextStep: nextStep, violation: ("cycle failed: \(error)", nextStep))
            }
            summary.cycles += 1
            if let violation = outcome.violation {
                summary.violations += 1
                TortureOutput.line("{\"violation\":\(TortureOutput.string(violation.problem)),\"seed\":\(seed),\"cycle\":\(cycle),\"step\":\(violation.step)}")
                break
            }
            nextStep = outcome.nextStep
        }
        return summary
    }

    private func createDatabase() async throws {
        if let contents = try? FileManager.default.contentsOfDirectory(atPath: data), !contents.isEmpty {
            throw TortureError("--data \(data) is not empty; the torture run needs a fresh directory")
        }
        let database = try await Database.open(at: data, options: TortureData.options())
        _ = try await database.createCollection(TortureData.collectionName, schema: TortureData.schema)
        await database.close()
    }

    struct InFlight {
        let step: Int
        let operation: TortureOperation
    }

    private struct CycleOutcome {
        var nextStep: Int
        var violation: (problem: String, step: Int)?
    }

    private mutating func runCycle(_ cycle: Int, startStep: Int) async throws -> CycleOutcome {
        // The kill plan: after `ackTarget` acknowledgements (0: while opening), wait `delayMicroseconds`.
        let ackTarget = random.next(below: 10) == 0 ? 0 : 1 + random.next(below: maxOperationsPerCycle)
        let delayMicroseconds = random.next(below: 20_000)
        let compactsAfterRecovery = random.next(below: 3) == 0
        // A kill-point cycle: the worker dies by itself at the armed point, or ends cleanly after
        // a bounded number of steps if it never passes it that often.
        let killPoint: String? = usesKillPoints && random.next(below: 3) == 0
            ? "\(KillPoint.allCases[random.next(below: KillPoint.allCases.count)].rawValue):\(1 + random.next(below: 3))" : nil

        let run = if let quiverServeBinary {
            try await runServer(binary: quiverServeBinary, startStep: startStep, ackTarget: ackTarget, delayMicroseconds: delayMicroseconds)
        } else {
            try await runWorker(startStep: startStep, ackTarget: ackTarget, delayMicroseconds: delayMicroseconds, killPoint: killPoint)
        }
        if run.killed { summary.kills += 1 }
        if run.diedAtKillPoint { summary.killPointExits += 1 }
        if let hang = run.hang { return CycleOutcome(nextStep: startStep, violation: (hang, startStep)) }

        var log = WorkerLog(startStep: startStep)
        log.replay(run.lines, workload: workload, model: &model)
        summary.operations += log.acknowledgedCount
        if let problem = log.problems.first {
            return CycleOutcome(nextStep: log.nextStep, violation: (problem, log.problemStep ?? log.nextStep))
        }
        if let unexpectedExit = run.unexpectedExit { return CycleOutcome(nextStep: log.nextStep, violation: (unexpectedExit, log.nextStep)) }

        let inFlight = log.inFlightStep.map { InFlight(step: $0, operation: workload.operation(at: $0)) }
        let step = inFlight?.step ?? log.nextStep
        let problems: [String]
        var applied = false
        do {
            applied = try await checkRecovery(inFlight: inFlight, compacting: compactsAfterRecovery)
            problems = []
        } catch let violation as RecoveryViolation {
            problems = violation.problems
        }
        if !problems.isEmpty { return CycleOutcome(nextStep: step, violation: (problems.joined(separator: "; "), step)) }

        TortureOutput.line("{\"cycle\":\(cycle),\"start_step\":\(startStep),\"acknowledged\":\(log.acknowledgedCount),"
                           + "\"kill_point\":\(killPoint.map { "\"\($0)\"" } ?? "null"),\"in_flight\":\(inFlight.map { "\"\($0.operation.name)@\($0.step)\"" } ?? "null"),\"applied\":\(applied),"
                           + "\"rows\":\(model.versions.count),\"compacted\":\(compactsAfterRecovery)}")
        // A mutation in flight that did not survive runs again; anything else in flight is skipped.
        return CycleOutcome(nextStep: inFlight.map { applied || !$0.operation.isMutation ? $0.step + 1 : $0.step } ?? log.nextStep)
    }

    /// What a cycle's children did: the worker's lines and how the killed process ended.
    struct WorkerRun {
        var lines: [String] = []
        /// The process the cycle kills (the worker, or `quiver serve`) died of our SIGKILL.
        var killed = false
        var diedAtKillPoint = false
        /// A child printed nothing for the stall bound.
        var hang: String?
        /// A child exited by itself where it should have been killed.
        var unexpectedExit: String?
    }

    /// Process mode: the worker uses the embedded API and is the one killed (or dies at a kill point).
    private func runWorker(startStep: Int, ackTarget: Int, delayMicroseconds: Int, killPoint: String?) async throws -> WorkerRun {
        var arguments = ["worker", "--data", data, "--seed", "\(seed)", "--start-step", "\(startStep)",
                         "--batch-rows", "\(workload.maxBatchRows)"]
        if killPoint != nil { arguments += ["--end-step", "\(startStep + 2 * maxOperationsPerCycle)"] }
        let worker = try ChildProcess(BuiltExecutable.current, arguments,
                                      environment: killPoint.map { ["QUIVER_KILL_POINT": $0] } ?? [:])
        let waited = try await worker.waitForLines { lines in
            killPoint == nil && lines.count(where: { $0.hasPrefix("{\"step\"") }) >= ackTarget
        }
        if waited == .reached { try await Task.sleep(for: .microseconds(delayMicroseconds)) }
        var run = WorkerRun()
        let exit = try await worker.killAndReap()
        run.killed = exit == .signaled(SIGKILL)
        run.diedAtKillPoint = killPoint != nil && exit == .exited(KillPoint.exitStatus)
        run.lines = worker.lines
        if waited == .stalled { run.hang = "worker printed nothing for 120 s (hung); last lines \(worker.lines.suffix(3))" }
        if !run.killed && !run.diedAtKillPoint && !(killPoint != nil && exit == .exited(0)) {
            run.unexpectedExit = "worker exited by itself with \(exit): \(worker.output.stderrTail.suffix(600))"
        }
        return run
    }
}

struct TortureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
