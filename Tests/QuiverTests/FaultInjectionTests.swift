// I/O faults from the file system (Pebble's errorfs, LevelDB's FaultInjectionTestEnv): a failed
// write reaches its caller as .io, applies nothing, stops the collection until it is reopened, and
// loses nothing acknowledged before it. Every injected fault must surface as an error.

import Quiver
import QuiverFileSystem
import QuiverTestSupport
import Testing

@Suite struct FaultInjectionTests {
    static let vectors = ClusteredDataGenerator(clusterCount: 3).generate(count: 60, dimension: 4, seed: 5)

    /// A database with rows 0..<20 acknowledged (0..<10 in a segment, 10..<20 in the WAL) and key 3 deleted.
    static func populated() async throws -> (MemoryFileSystem, Database, Collection, ReferenceModel) {
        let (fs, db, c) = try await TestDatabase.withCollection(.simple(dimension: 4))
        var model = ReferenceModel()
        for range in [0..<10, 10..<20] {
            try await c.insert(ids: keys(range), vectors: Array(vectors[range]))
            model.insert(ids: keys(range), vectors: Array(vectors[range]))
            if range.lowerBound == 0 { try await c.flush() }
        }
        #expect(try await c.delete(ids: [3]) == 1)
        model.delete(ids: [3])
        return (fs, db, c, model)
    }

    /// Opens `image` and expects exactly `model`'s rows, then a write to succeed.
    static func expectIntact(_ image: MemoryFileSystem, _ model: ReferenceModel, _ context: String,
                             sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let db = try await TestDatabase.open(image)
        let c = try db.collection("c")
        #expect(bitExact(try await storedRows(c, ids: keys(0..<60))) == bitExact(model.rows), "\(context)",
                sourceLocation: sourceLocation)
        #expect(c.count == model.count, "\(context)", sourceLocation: sourceLocation)
        try await c.insert(ids: [1_000], vectors: [[1, 2, 3, 4]])
        await db.close()
    }

    @Test func noSpaceInTheWALFailsTheWriteAndLosesNothingAcknowledged() async throws {
        let (fs, db, c, model) = try await Self.populated()
        let searchBefore = try await c.search([Self.vectors[25]], k: 30)
        fs.failOperations(onPathsContaining: "/wal/", kind: .noSpace)
        let faultsBefore = fs.injectedFaultCount

        await expectQuiverError(.io) { try await c.insert(ids: keys(20..<30), vectors: Array(Self.vectors[20..<30])) }
        #expect(fs.injectedFaultCount > faultsBefore, "the fault was injected")
        #expect(c.count == model.count)
        #expect(try await c.get(ids: keys(20..<30)).isEmpty)
        #expect(try await c.search([Self.vectors[25]], k: 30) == searchBefore)

        // The collection has stopped: every later write fails, even once the disk has room again.
        fs.clearFaults()
        await expectQuiverError(.io) { try await c.insert(ids: [40], vectors: [Self.vectors[40]]) }
        await expectQuiverError(.io) { try await c.upsert([["id": .int(1), "vector": .floatVector(Self.vectors[41])]]) }
        await expectQuiverError(.io) { try await c.delete(ids: [1]) }
        await expectQuiverError(.io) { try await c.flush() }
        #expect(c.count == model.count)
        await db.close()

        try await Self.expectIntact(fs.crashImage(.dropUnsynced), model, "power loss after the fault")
        try await Self.expectIntact(fs.crashImage(.keepUnsynced), model, "process crash after the fault")
        try await Self.expectIntact(fs, model, "clean reopen after the fault")
    }

    @Test func noSpaceForASegmentFailsTheFlushAndLosesNothing() async throws {
        let (fs, db, c, model) = try await Self.populated()
        fs.failOperations(onPathsContaining: "/segments/", kind: .noSpace)
        let faultsBefore = fs.injectedFaultCount
        await expectQuiverError(.io) { try await c.flush() }
        #expect(fs.injectedFaultCount > faultsBefore)
        #expect(c.count == model.count)
        fs.clearFaults()
        await expectQuiverError(.io) { try await c.insert(ids: [40], vectors: [Self.vectors[40]]) }
        await db.close()
        try await Self.expectIntact(fs.crashImage(.dropUnsynced), model, "power loss after a failed flush")
        try await Self.expectIntact(fs, model, "clean reopen after a failed flush")
    }

    /// Fails each mutating operation of a write, a flush and a compaction in turn: the fault must
    /// reach the caller, and recovery must give back every acknowledged row (the faulted call whole
    /// or not at all). The one fault a call may swallow is a failed removal of a file the catalog no
    /// longer needs: it must leave exactly that stale file behind and lose nothing.
    @Test(arguments: ["insert", "delete", "flush", "compact"])
    func everyFaultedOperationSurfacesAndRecoveryIsIntact(call: String) async throws {
        func perform(_ c: Collection, on model: ReferenceModel) async throws -> ReferenceModel {
            var after = model
            switch call {
            case "insert":
                after.insert(ids: keys(20..<25), vectors: Array(Self.vectors[20..<25]))
                try await c.insert(ids: keys(20..<25), vectors: Array(Self.vectors[20..<25]))
            case "delete":
                after.delete(ids: [1, 12])
                try await c.delete(ids: [1, 12])
            case "flush":
                try await c.flush()
            default:
                try await c.flush()   // a second segment, so there is something to merge
                try await c.compact()
            }
            return after
        }
        // The files an unfaulted call leaves, and how many operations it takes.
        let (cleanFS, cleanDB, cleanCollection, cleanModel) = try await Self.populated()
        let operationsBefore = cleanFS.operationCount
        let inFlight = try await perform(cleanCollection, on: cleanModel)
        let operationCount = cleanFS.operationCount - operationsBefore
        let cleanFiles = Set(cleanFS.allFilePaths())
        await cleanDB.close()
        #expect(operationCount > 0)

        for operationIndex in 1...operationCount {
            let (fs, db, c, model) = try await Self.populated()
            fs.failOperation(number: fs.operationCount + operationIndex, kind: .io)
            let faultsBefore = fs.injectedFaultCount
            var threw = false
            do {
                _ = try await perform(c, on: model)
            } catch {
                threw = true
                #expect((error as? QuiverError)?.code == .io, "\(call), operation \(operationIndex): \(error)")
            }
            #expect(fs.injectedFaultCount == faultsBefore + 1, "\(call), operation \(operationIndex): the fault was not injected")
            if !threw {
                let stale = Set(fs.allFilePaths()).subtracting(cleanFiles)
                let isCleanup = stale.count == 1 && stale.allSatisfy { $0.hasSuffix(".qwal") || $0.hasSuffix(".qdel") || $0.hasSuffix(".qseg") }
                #expect(isCleanup, "\(call): the fault injected at its operation \(operationIndex) did not surface (stale files: \(stale.sorted()))")
            }
            fs.clearFaults()
            await db.close()

            let recovered = try await TestDatabase.open(fs.crashImage(.dropUnsynced))
            let rows = bitExact(try await storedRows(try recovered.collection("c"), ids: keys(0..<60)))
            let allowed = threw ? [bitExact(model.rows), bitExact(inFlight.rows)] : [bitExact(inFlight.rows)]
            #expect(allowed.contains(rows), "\(call), fault at its operation \(operationIndex): recovered \(rows.keys.sorted())")
            await recovered.close()
        }
    }
}
