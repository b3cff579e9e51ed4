// The I/O fault loop over a whole workload (SQLite's io-error loop; issue 7): for N = 1, 2, ...
// the Nth mutating file operation of FaultStep.script fails, once or from then on, until the
// script completes without reaching operation N; then ENOSPC at each step in the WAL, in segment
// files and in the catalog. FaultLoopRun.check states what each run must show. Each loop prints
// how many fault points it explored (the figure in docs/RELIABILITY.md).

import Quiver
import QuiverFileSystem
import Testing

@Suite struct WorkloadFaultLoopTests {
    /// Fails operation N (once, or N and every later one) for N = 1, 2, ... until the script
    /// runs to its end without reaching N.
    @Test(arguments: [false, true])
    func everyFileOperationOfTheWorkloadFails(persistent: Bool) async throws {
        let cleanFS = MemoryFileSystem()
        let clean = await FaultLoopRun.run(on: cleanFS) { _, _ in }
        #expect(clean.error == nil && clean.swallowedFaults.isEmpty)
        let operationCount = cleanFS.operationCount
        #expect(operationCount > 100, "the workload performs too few file operations to mean much")

        var faultPoints = 0, surfacedAsErrors = 0
        var failedSteps = Set<String>()
        for n in 1...(operationCount + 1) {
            let fs = MemoryFileSystem()
            let run = await FaultLoopRun.run(on: fs) { fs, step in
                if step == -1 { fs.failOperation(number: n, kind: .io, persistent: persistent) }
            }
            guard fs.injectedFaultCount > 0 else {
                // The script finished before operation n: the loop is done.
                #expect(n > operationCount - 1 && run.error == nil, "operation \(n) was never reached, yet \(run.failedStep ?? "nothing") failed")
                break
            }
            faultPoints += 1
            if let step = run.failedStep { surfacedAsErrors += 1; failedSteps.insert(String(step.prefix { $0 != " " })) }
            await run.check(fs, "fault at operation \(n)\(persistent ? " and after" : "") (\(fs.firstInjectedFault.map(String.init(describing:)) ?? "?"))")
        }
        print("I/O fault loop (\(persistent ? "persistent" : "once")): \(faultPoints) fault points explored, \(surfacedAsErrors) surfaced as errors of a call")
        #expect(faultPoints >= operationCount - 1)
        #expect(failedSteps.isSuperset(of: ["open", "createCollection", "createIndex", "insert", "upsert", "delete", "flush", "compact", "buildIndexes"]),
                "\(failedSteps.sorted())")
    }

    /// The disk fills up (ENOSPC on every mutating operation of one kind of file) before each step.
    @Test(arguments: ["/wal/", "/segments/", "catalog"])
    func noSpaceBeforeEachStep(pathSubstring: String) async throws {
        var faultPoints = 0
        for stepIndex in FaultStep.script.indices {
            let fs = MemoryFileSystem()
            let run = await FaultLoopRun.run(on: fs) { fs, step in
                if step == stepIndex { fs.failOperations(onPathsContaining: pathSubstring, kind: .noSpace) }
            }
            guard fs.injectedFaultCount > 0 else { continue }   // the step writes no such file
            faultPoints += 1
            await run.check(fs, "no space in \(pathSubstring) from step \(stepIndex) (\(FaultStep.script[stepIndex]))")
        }
        print("ENOSPC loop (\(pathSubstring)): \(faultPoints) fault points explored")
        #expect(faultPoints >= 3, "ENOSPC on \(pathSubstring) reached only \(faultPoints) steps")
    }
}
