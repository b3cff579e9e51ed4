// The database as a whole: one opener per directory, nothing after close, concurrent writers,
// and `.async` durability (a process crash loses nothing acknowledged; a power loss keeps a prefix).

import Quiver
import QuiverFileSystem
import QuiverTestSupport
import Testing

@Suite struct DatabaseLifecycleTests {
    @Test func secondOpenOfTheSamePathIsLocked() async throws {
        let fs = MemoryFileSystem()
        let db = try await TestDatabase.open(fs)
        _ = try await db.createCollection("c", schema: .simple(dimension: 2))
        await expectQuiverError(.locked) { try await TestDatabase.open(fs) }
        #expect(try db.listCollections() == ["c"])   // the failed open disturbed nothing
        await db.close()
        let again = try await TestDatabase.open(fs)
        #expect(try again.hasCollection("c"))
        await again.close()
    }

    @Test func writesAndCatalogCallsAfterCloseThrowClosed() async throws {
        let (_, db, c) = try await TestDatabase.withCollection(.simple(dimension: 2))
        try await c.insert(ids: [1], vectors: [[1, 2]])
        await db.close()
        await db.close()   // closing twice is harmless
        await expectQuiverError(.closed) { try await c.insert(ids: [2], vectors: [[1, 2]]) }
        await expectQuiverError(.closed) { try await c.insert([["id": .int(2), "vector": .floatVector([1, 2])]]) }
        await expectQuiverError(.closed) { try await c.upsert([["id": .int(1), "vector": .floatVector([1, 2])]]) }
        await expectQuiverError(.closed) { try await c.delete(ids: [1]) }
        await expectQuiverError(.closed) { try await c.flush() }
        await expectQuiverError(.closed) { try await c.compact() }
        await expectQuiverError(.closed) { try db.collection("c") }
        await expectQuiverError(.closed) { try db.listCollections() }
        await expectQuiverError(.closed) { try db.hasCollection("c") }
        await expectQuiverError(.closed) { try await db.createCollection("d", schema: .simple(dimension: 2)) }
        await expectQuiverError(.closed) { try await db.dropCollection("c") }
    }

    @Test func readsAfterCloseThrowClosed() async throws {
        let (_, db, c) = try await TestDatabase.withCollection(.simple(dimension: 2))
        try await c.insert(ids: [1], vectors: [[1, 2]])
        await db.close()
        await expectQuiverError(.closed) { try await c.search([[1, 2]], k: 1) }
        await expectQuiverError(.closed) { try await c.get(ids: [1]) }
    }

    @Test func concurrentWritersAllLand() async throws {
        let (fs, db, c) = try await TestDatabase.withCollection(.simple(dimension: 4))
        let writerCount = 8, batchesPerWriter = 20, rowsPerBatch = 5
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writerCount {
                group.addTask {
                    for batch in 0..<batchesPerWriter {
                        let first = (writer * batchesPerWriter + batch) * rowsPerBatch
                        let ids = keys(first..<(first + rowsPerBatch))
                        try await c.insert(ids: ids, vectors: ids.map { id in [Float(id.intValue!), 0, 0, 1] })
                        if batch == batchesPerWriter / 2 && writer % 3 == 0 { try await c.flush() }
                    }
                }
            }
            try await group.waitForAll()
        }
        let total = writerCount * batchesPerWriter * rowsPerBatch
        func check(_ c: Collection) async throws {
            #expect(c.count == total)
            let rows = try await storedRows(c, ids: keys(0..<total))
            #expect(rows.count == total)
            for (key, row) in rows {
                #expect(row["vector"] == .floatVector([Float(key.intValue!), 0, 0, 1]))
            }
        }
        try await check(c)
        await db.close()
        let reopened = try await TestDatabase.open(fs)
        try await check(try reopened.collection("c"))
        await reopened.close()
    }

    @Test func concurrentInsertsOfOneKeyLetExactlyOneWin() async throws {
        let (_, db, c) = try await TestDatabase.withCollection(.simple(dimension: 2))
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for writer in 0..<10 {
                group.addTask { (try? await c.insert(ids: [42], vectors: [[Float(writer), 0]])) != nil }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1)
        #expect(c.count == 1)
        await db.close()
    }

    @Test func asyncDurabilityKeepsEverythingAcrossAProcessCrash() async throws {
        let fs = MemoryFileSystem()
        let options = TestDatabase.manualFlushOptions(durability: .async)
        let db = try await TestDatabase.open(fs, options: options)
        let c = try await db.createCollection("c", schema: .simple(dimension: 4))
        var model = ReferenceModel()
        var prefixes = [model]   // the model after each acknowledged write
        let vectors = ClusteredDataGenerator(clusterCount: 2).generate(count: 100, dimension: 4, seed: 9)
        for batch in 0..<10 {
            let range = (batch * 10)..<((batch + 1) * 10)
            try await c.insert(ids: keys(range), vectors: Array(vectors[range]))
            model.insert(ids: keys(range), vectors: Array(vectors[range]))
            #expect(try await c.search([vectors[range.lowerBound]], k: 1)[0].first?.id == .int(Int64(range.lowerBound)))
            prefixes.append(model)
            if batch == 4 { try await c.flush() }
            if batch % 3 == 2 {
                #expect(try await c.delete(ids: [.int(Int64(range.lowerBound))]) == 1)
                model.delete(ids: [.int(Int64(range.lowerBound))])
                prefixes.append(model)
            }
        }
        fs.crashNow()
        let processCrash = fs.crashImage(.keepUnsynced), powerLoss = fs.crashImage(.dropUnsynced)
        await db.close()

        let afterProcessCrash = try await TestDatabase.open(processCrash, options: options)
        let survivor = try afterProcessCrash.collection("c")
        #expect(bitExact(try await storedRows(survivor, ids: keys(0..<100))) == bitExact(model.rows))
        await afterProcessCrash.close()

        let afterPowerLoss = try await TestDatabase.open(powerLoss, options: options)
        let rows = bitExact(try await storedRows(try afterPowerLoss.collection("c"), ids: keys(0..<100)))
        #expect(prefixes.contains { bitExact($0.rows) == rows }, "a power loss keeps a prefix of the acknowledged writes")
        #expect(rows.count >= 50 - 2, "everything before the flush survives")
        await afterPowerLoss.close()
    }
}
