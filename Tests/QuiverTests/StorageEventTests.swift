// The engine's event hub: a durable insert reports its WAL fsync, a merge and an index build
// report themselves with their sizes, and a removed observer hears nothing more.

import Quiver
import QuiverFileSystem
import Synchronization
import Testing

@Suite struct StorageEventTests {
    final class Recorder: Sendable {
        let events = Mutex<[StorageEvent]>([])
        func record(_ event: StorageEvent) { events.withLock { $0.append(event) } }
        var all: [StorageEvent] { events.withLock { $0 } }
    }

    @Test func fsyncsMergesAndIndexBuildsAreReported() async throws {
        var options = TestDatabase.manualFlushOptions()
        options.indexBuildThresholdRows = 2
        let db = try await TestDatabase.open(MemoryFileSystem(), options: options)
        let recorder = Recorder()
        let token = db.events.addObserver { recorder.record($0) }
        let docs = try await db.createCollection("docs", schema: .simple(dimension: 2))
        try await docs.createIndex(spec: IndexSpec(kind: .flat, metric: .l2))
        try await docs.insert(ids: [1, 2], vectors: [[1, 0], [2, 0]])
        #expect(recorder.all.contains { if case .walSynced(collection: "docs", _) = $0 { true } else { false } })
        try await docs.flush()
        try await docs.insert(ids: [3, 4], vectors: [[3, 0], [4, 0]])
        try await docs.flush()
        try await docs.compact()
        #expect(try await docs.buildIndexes() == 1)
        let merges = recorder.all.compactMap { event -> (Int, Int, Int)? in
            if case .segmentsMerged(_, let inputs, let rows, let bytes, _) = event { (inputs, rows, bytes) } else { nil }
        }
        #expect(merges.count == 1)
        #expect(merges.first?.0 == 2)
        #expect(merges.first?.1 == 4)
        #expect((merges.first?.2 ?? 0) > 0)
        #expect(recorder.all.contains { if case .indexBuilt(collection: "docs", field: "vector", rowCount: 4, _) = $0 { true } else { false } })

        db.events.removeObserver(token)
        let heard = recorder.all.count
        try await docs.insert(ids: [5], vectors: [[5, 0]])
        #expect(recorder.all.count == heard)
        await db.close()
    }
}
