// Regression: writes acknowledged after the first flush that follows a recovery were lost.
// Cause: recovery opens a fresh WAL file named by the next sequence; the flush "rotated" to a
// new file of the same name (nothing had been appended), truncating it, and after the catalog
// commit deleted it as a retired file below the checkpoint, so later records went to an
// unlinked file. Fix: a flush rotates only a log that holds records, and never deletes the
// open log. (Found by review; the crash tests never killed inside that window.)

import Quiver
import QuiverFileSystem
import Testing

@Suite struct RecoveryFlushRegressionTests {
    static func options() -> DatabaseOptions {
        var options = DatabaseOptions(durability: .sync, flushInterval: .seconds(3600))
        options.compaction.isEnabled = false
        return options
    }

    @Test(arguments: [MemoryFileSystem.CrashMode.dropUnsynced, .keepUnsynced])
    func writesAfterTheFirstFlushFollowingRecoverySurviveACrash(mode: MemoryFileSystem.CrashMode) async throws {
        let fs = MemoryFileSystem()
        var db = try await Database.open(at: "/db", options: Self.options(), fileSystem: fs)
        var docs = try await db.createCollection("docs", schema: .simple(dimension: 2))
        try await docs.insert(ids: [1, 2], vectors: [[1, 0], [0, 1]])
        await db.abandon()                                   // a crash: rows 1 and 2 only in the WAL

        db = try await Database.open(at: "/db", options: Self.options(), fileSystem: fs)
        docs = try db.collection("docs")
        try await docs.flush()                               // the first flush after recovery
        try await docs.insert(ids: [3], vectors: [[1, 1]])   // acknowledged: fsynced
        try await docs.delete(ids: [1])
        fs.crashNow()

        let image = fs.crashImage(mode)
        let recovered = try await Database.open(at: "/db", options: Self.options(), fileSystem: image)
        let again = try recovered.collection("docs")
        #expect(again.count == 2)
        #expect(try await again.get(ids: [1, 2, 3]).compactMap { $0["id"] } == [.int(2), .int(3)])
        await recovered.close()
    }
}
