// Crash tests on QuiverFileSystem's crash-simulating MemoryFileSystem: whatever sync point the process
// dies at, the restarted catalog holds exactly the writes that completed, plus at most the one in flight.

import QuiverCatalog
import QuiverFileSystem
import Testing

@Suite struct CatalogCrashTests {
    /// What a restarted process can observe: collection names, and each collection's segments and checkpoint.
    struct Snapshot: Equatable, CustomStringConvertible {
        var collections: [String: [Int64]] = [:]
        var checkpoints: [String: UInt64] = [:]
        var description: String { "\(collections) checkpoints \(checkpoints)" }

        init(_ catalog: Catalog) throws {
            for collection in try catalog.collections() {
                collections[collection.name] = try catalog.segments(collectionID: collection.id).map(\.segmentID)
                checkpoints[collection.name] = collection.checkpointSequence
            }
        }
    }

    static let directory = "/data/db"

    /// Opens the catalog and runs a flush-and-merge workload, recording a snapshot after each step;
    /// stops at the first error (the simulated crash) and returns the snapshots taken so far.
    static func runWorkload(on fileSystem: MemoryFileSystem) -> [Snapshot] {
        var snapshots: [Snapshot] = []
        do {
            let catalog = try Catalog.open(directory: directory, fileSystem: fileSystem)
            snapshots.append(try Snapshot(catalog))
            let books = try catalog.createCollection(name: "books", schemaJSON: "{}", createdAtMs: 1)
            snapshots.append(try Snapshot(catalog))
            for segmentID: Int64 in 1...3 {
                var flush = CatalogCommit(collectionID: books.id)
                let first = UInt64(segmentID) * 10
                flush.addedSegments = [flushedSegment(segmentID, of: books.id, sequences: first...first + 9)]
                flush.checkpointSequence = first + 9
                try catalog.commit(flush)
                snapshots.append(try Snapshot(catalog))
            }
            var merge = CatalogCommit(collectionID: books.id)
            merge.removedSegmentIDs = [1, 2, 3]
            merge.addedSegments = [flushedSegment(4, of: books.id, sequences: 10...39, level: 1)]
            try catalog.commit(merge)
            snapshots.append(try Snapshot(catalog))
            _ = try catalog.createCollection(name: "songs", schemaJSON: "{}", createdAtMs: 2)
            snapshots.append(try Snapshot(catalog))
            try catalog.dropCollection(id: books.id)
            snapshots.append(try Snapshot(catalog))
        } catch {
            // The crash: the workload stops here.
        }
        return snapshots
    }

    @Test func everyCrashPointLeavesTheCompletedWritesPlusAtMostTheOneInFlight() throws {
        let healthy = MemoryFileSystem()
        let allSnapshots = Self.runWorkload(on: healthy)
        #expect(allSnapshots.count == 8)
        let syncPointCount = healthy.syncPointCount
        #expect(syncPointCount >= 2 * allSnapshots.count)

        for crashPoint in 1...syncPointCount {
            let fileSystem = MemoryFileSystem()
            fileSystem.crash(atSyncPoint: crashPoint)
            let completed = Self.runWorkload(on: fileSystem)
            #expect(fileSystem.isCrashed, "crash point \(crashPoint)")

            let restarted = fileSystem.crashImage(.dropUnsynced)
            let recovered = try Snapshot(Catalog.open(directory: Self.directory, fileSystem: restarted))
            let allowed = allSnapshots[max(completed.count - 1, 0)...min(completed.count, allSnapshots.count - 1)]
            #expect(allowed.contains(recovered), "crash point \(crashPoint): recovered \(recovered)")
        }
    }
}
