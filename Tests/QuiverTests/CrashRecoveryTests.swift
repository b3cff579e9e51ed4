// THE crash test (DESIGN §2, STYLE §11): the scripted workload of CrashScript is crashed at every
// sync point it reaches, and every crash image (unsynced data dropped, kept, or torn) must recover
// to the acknowledged state, the same way twice, and take writes again. Recovery itself is then
// crashed at each of its own sync points and must still reach the same state.

import Quiver
import QuiverFileSystem
import QuiverTestSupport
import Testing

@Suite struct CrashRecoveryTests {
    /// Sync points of an uncrashed run of the whole script, close included.
    static func syncPointCountOfTheScript() async -> Int {
        let fs = MemoryFileSystem()
        let run = await CrashScript.run(on: fs)
        #expect(run.inFlight == nil && run.acknowledgedStepCount == CrashScript.steps.count)
        return fs.syncPointCount
    }

    static func modes(_ n: Int) -> [(String, MemoryFileSystem.CrashMode)] {
        [("dropUnsynced", .dropUnsynced), ("keepUnsynced", .keepUnsynced), ("tearUnsynced", .tearUnsynced(seed: UInt64(n)))]
    }

    @Test func everySyncPointOfTheScriptRecovers() async throws {
        let syncPointCount = await Self.syncPointCountOfTheScript()
        #expect(syncPointCount > 20, "the script reaches too few sync points to mean much")
        var inFlightKinds = Set<String>()
        for n in 1...syncPointCount {
            let fs = MemoryFileSystem()
            fs.crash(atSyncPoint: n)
            let run = await CrashScript.run(on: fs)
            #expect(fs.isCrashed, "sync point \(n) of \(syncPointCount) was never reached")
            if let step = run.inFlight { inFlightKinds.insert(String(describing: step).components(separatedBy: " ")[0]) }

            for (name, mode) in Self.modes(n) {
                let context = "crash at sync point \(n)/\(syncPointCount) (\(run.acknowledgedStepCount) steps acknowledged), \(name)"
                let image = fs.crashImage(mode)
                guard let (first, rows) = await CrashScript.verify(image, against: run, context) else { continue }

                // Recovery twice: a crash right after recovery (nothing new synced) recovers the same.
                if let (again, rowsAgain) = await CrashScript.verify(image.crashImage(.dropUnsynced), against: run,
                                                                     context + ", recovered twice") {
                    #expect(rowsAgain == rows, "\(context): the second recovery differs")
                    await again.close()
                }
                // A clean close (it flushes what recovery replayed) and a reopen keep the same rows,
                // and the recovered database takes new writes.
                await first.close()
                guard let (reopened, rowsReopened) = await CrashScript.verify(image, against: run, context + ", reopened") else { continue }
                #expect(rowsReopened == rows, "\(context): the reopen differs")
                if run.collectionCreated || !rows.isEmpty, let c = try? reopened.collection(CrashScript.collectionName) {
                    let extra: Row = ["id": .int(5_000), "vector": .floatVector(CrashScript.queries[0]), "tag": .string("after")]
                    try await c.insert([extra])
                    await reopened.close()
                    let last = try await TestDatabase.open(image, options: CrashScript.options)
                    let stored = try await last.collection(CrashScript.collectionName).get(ids: [5_000])
                    #expect(stored.map(bitExact) == [bitExact(extra)], "\(context): a write after recovery was lost")
                    await last.close()
                } else {
                    await reopened.close()
                }
            }
        }
        // The script must have been cut in each kind of call.
        #expect(inFlightKinds.isSuperset(of: ["insert", "upsert", "delete", "flush", "compact"]), "\(inFlightKinds)")
    }

    /// `.async` durability and a power cut between calls: the WAL holds unsynced (and, torn,
    /// half-written) frames. A process crash keeps every acknowledged write; a power loss keeps a
    /// prefix of them, cut at a whole record, the same way twice.
    @Test func asyncWritesRecoverToAPrefixAfterAPowerCut() async throws {
        var droppedByteCount = 0
        for stop in 1...CrashScript.steps.count {
            let fs = MemoryFileSystem()
            let run = await CrashScript.run(on: fs, options: CrashScript.asyncOptions, crashAfterStep: stop)
            #expect(run.acknowledgedStepCount == stop && run.inFlight == nil)
            let modes: [(String, MemoryFileSystem.CrashMode)] = [("keepUnsynced", .keepUnsynced), ("dropUnsynced", .dropUnsynced)]
                + (1...4).map { seed in ("tearUnsynced(\(seed))", .tearUnsynced(seed: UInt64(stop * 10 + seed))) }
            for (name, mode) in modes {
                let context = "async, power cut after step \(stop) (\(CrashScript.steps[stop - 1])), \(name)"
                let allowed = name == "keepUnsynced" ? [bitExact(run.acknowledged.rows)] : run.prefixStates
                let image = fs.crashImage(mode)
                guard let (db, rows) = await CrashScript.verify(image, against: run, allowedStates: allowed, context) else { continue }
                if let c = try? db.collection(CrashScript.collectionName) {
                    droppedByteCount += await c.statistics().droppedWALByteCount
                }
                await db.close()
                if let (again, rowsAgain) = await CrashScript.verify(image, against: run, allowedStates: [rows], context + ", reopened") {
                    #expect(rowsAgain == rows)
                    await again.close()
                }
            }
        }
        #expect(droppedByteCount > 0, "no crash image had a torn WAL tail to cut")
    }

    @Test func aCrashDuringRecoveryRecoversTheSame() async throws {
        let syncPointCount = await Self.syncPointCountOfTheScript()
        var recoveryCrashCount = 0
        for n in 1...syncPointCount {
            let fs = MemoryFileSystem()
            fs.crash(atSyncPoint: n)
            let run = await CrashScript.run(on: fs)
            for (name, mode) in Self.modes(n) where name != "keepUnsynced" {
                let context = "crash at sync point \(n)/\(syncPointCount), \(name)"
                // What recovery reaches uninterrupted, and how many sync points it takes.
                let probe = fs.crashImage(mode)
                guard let (db, expected) = await CrashScript.verify(probe, against: run, context) else { continue }
                let recoverySyncPointCount = probe.syncPointCount
                await db.close()

                for m in 0..<recoverySyncPointCount {
                    let image = fs.crashImage(mode)
                    image.crash(atSyncPoint: m + 1)
                    if let survivor = try? await Database.open(at: TestDatabase.path, options: CrashScript.options, fileSystem: image) {
                        await survivor.close()
                    }
                    #expect(image.isCrashed, "\(context): recovery sync point \(m + 1) was never reached")
                    recoveryCrashCount += 1
                    for (secondName, secondMode) in [("dropUnsynced", MemoryFileSystem.CrashMode.dropUnsynced), ("keepUnsynced", .keepUnsynced)] {
                        let secondContext = "\(context), recovery crashed at its sync point \(m + 1), \(secondName)"
                        guard let (again, rows) = await CrashScript.verify(image.crashImage(secondMode), against: run, secondContext) else { continue }
                        #expect(rows == expected, "\(secondContext): differs from an uninterrupted recovery")
                        await again.close()
                    }
                }
            }
        }
        #expect(recoveryCrashCount > syncPointCount)
    }
}
