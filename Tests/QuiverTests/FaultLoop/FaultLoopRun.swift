// One run of FaultStep.script on a MemoryFileSystem with a fault armed, and the checks that follow
// it (STYLE §11: every injected fault must surface):
//   a. a call during which a fault was injected throws QuiverError .io, unless the fault hit the
//      removal of a file nothing references any more (its only effect is a stale file, removed at
//      the next open) or hit close(), which has no caller to tell;
//   b. after a failed fsync or append of the WAL, or a failed flush, the writer has stopped: with the
//      fault lifted, a new write still fails until the database is reopened;
//   c. with the fault lifted, the database reopens after a process restart and after a power loss,
//      holds every acknowledged write and no unacknowledged one (the call that failed is applied
//      whole or not at all), counts and filters agree with its rows, takes a new write, and its
//      files pass offline verification.
// Ownership: test code; every run builds its own file system.

import Quiver
import QuiverFileSystem
import QuiverTestSupport
import Testing

struct FaultLoopRun {
    var acknowledged = ReferenceModel()
    var collectionCreated = false
    /// The step that threw ("open" when opening the database failed), and its error.
    var failedStep: String?
    var inFlight: FaultStep?
    var error: (any Error)?
    /// Faults injected during a call that then succeeded, or during close().
    var swallowedFaults: [(call: String, fault: FileSystemError?)] = []
    /// With the fault lifted after a failure: did one more insert on the same handle succeed?
    var writeAfterLiftSucceeded: Bool?

    static let writeAfterLift = FaultStep.insert(40..<41)

    /// Runs the script; `arm(fileSystem, stepIndex)` is called before each step (-1: before open).
    static func run(on fileSystem: MemoryFileSystem, arm: (MemoryFileSystem, Int) -> Void) async -> FaultLoopRun {
        var run = FaultLoopRun()
        arm(fileSystem, -1)
        var faultsBefore = fileSystem.injectedFaultCount
        let database: Database
        do {
            database = try await Database.open(at: TestDatabase.path, options: FaultStep.options, fileSystem: fileSystem)
        } catch {
            run.failedStep = "open"
            run.error = error
            return run
        }
        if fileSystem.injectedFaultCount > faultsBefore { run.swallowedFaults.append(("open", fileSystem.firstInjectedFault)) }
        for (index, step) in FaultStep.script.enumerated() {
            arm(fileSystem, index)
            faultsBefore = fileSystem.injectedFaultCount
            do {
                try await step.perform(on: database)
            } catch {
                run.failedStep = step.description
                run.inFlight = step
                run.error = error
                break
            }
            if fileSystem.injectedFaultCount > faultsBefore { run.swallowedFaults.append((step.description, fileSystem.firstInjectedFault)) }
            run.acknowledged = step.applied(to: run.acknowledged)
            if case .createCollection = step { run.collectionCreated = true }
        }
        if run.error != nil {
            fileSystem.clearFaults()
            if run.collectionCreated {
                do {
                    try await writeAfterLift.perform(on: database)
                    run.writeAfterLiftSucceeded = true
                    run.acknowledged = writeAfterLift.applied(to: run.acknowledged)
                } catch {
                    run.writeAfterLiftSucceeded = false
                }
            }
        }
        faultsBefore = fileSystem.injectedFaultCount
        await database.close()
        if fileSystem.injectedFaultCount > faultsBefore { run.swallowedFaults.append(("close", fileSystem.firstInjectedFault)) }
        return run
    }

    /// Checks a-c; `fileSystem` is the one the run used (its faults are cleared here).
    func check(_ fileSystem: MemoryFileSystem, _ context: String, sourceLocation: SourceLocation = #_sourceLocation) async {
        let fault = fileSystem.firstInjectedFault
        // a. The fault reached the caller.
        for (call, swallowed) in swallowedFaults {
            let isCleanup = swallowed.map { ["remove", "removeDirectory"].contains($0.operation) } ?? false
            #expect(isCleanup || call == "close", "\(context): \(call) succeeded although \(swallowed.map(String.init(describing:)) ?? "a fault") was injected",
                    sourceLocation: sourceLocation)
        }
        if let error {
            #expect((error as? QuiverError)?.code == .io, "\(context): \(failedStep ?? "?") threw \(error), expected QuiverError .io",
                    sourceLocation: sourceLocation)
        }
        // b. The writer stopped for good after a failed WAL write or fsync, or a failed flush.
        if let fault, let inFlight, writeAfterLiftSucceeded != nil {
            let hitTheLog = fault.path.contains("/wal/") && ["append", "sync"].contains(fault.operation)
            if case .flush = inFlight {
                #expect(writeAfterLiftSucceeded == false, "\(context): a write succeeded after a failed flush", sourceLocation: sourceLocation)
            } else if hitTheLog {
                #expect(writeAfterLiftSucceeded == false, "\(context): a write succeeded after \(fault)", sourceLocation: sourceLocation)
            }
        }
        // c. Recovery, after a power loss and after a process restart.
        fileSystem.clearFaults()
        for (name, image) in [("power loss", fileSystem.crashImage(.dropUnsynced)), ("restart", fileSystem)] {
            await checkRecovery(image, "\(context), \(name)", sourceLocation: sourceLocation)
        }
    }

    private func checkRecovery(_ image: MemoryFileSystem, _ context: String, sourceLocation: SourceLocation) async {
        var allowed = [bitExact(acknowledged.rows)]
        if let inFlight, inFlight.isMutation { allowed.append(bitExact(inFlight.applied(to: acknowledged).rows)) }
        do {
            let database = try await Database.open(at: TestDatabase.path, options: FaultStep.options, fileSystem: image)
            guard try database.hasCollection(FaultStep.collectionName) else {
                #expect(!collectionCreated, "\(context): the acknowledged collection is gone", sourceLocation: sourceLocation)
                await database.close()
                return
            }
            let c = try database.collection(FaultStep.collectionName)
            let rows = bitExact(try await storedRows(c, ids: FaultStep.allKeys + [.int(40)], sourceLocation: sourceLocation))
            #expect(allowed.contains(rows), "\(context): recovered \(rows.keys.sorted()), acknowledged \(acknowledged.ids)",
                    sourceLocation: sourceLocation)
            #expect(c.count == rows.count, "\(context): count \(c.count) for \(rows.count) rows", sourceLocation: sourceLocation)
            let groupZero = rows.values.filter { $0["group"] == .int(0) }.count
            #expect(try await c.count(filter: "group == 0") == groupZero, "\(context): count(filter)", sourceLocation: sourceLocation)
            _ = try await c.insert([FaultStep.row(50)])
            await database.close()
            let report = try await Database.verify(at: TestDatabase.path, fileSystem: image)
            #expect(report.isIntact, "\(context): \(report.problems)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(context): recovery failed: \(error)", sourceLocation: sourceLocation)
        }
    }
}
