// Write semantics of the embedded API: an insert is all or nothing, an upsert replaces, a delete
// removes only what is stored and never hides a later write, before and after flush and reopen.

import Quiver
import QuiverFileSystem
import QuiverTestSupport
import Testing

@Suite struct InsertUpsertDeleteTests {
    static let dimension = 4

    static func vector(_ seed: Int) -> [Float] {
        (0..<dimension).map { Float(seed) + Float($0) * 0.25 }
    }

    /// A collection holding keys 1...3 with vector(key), plus the matching model.
    static func seeded() async throws -> (MemoryFileSystem, Database, Collection, ReferenceModel) {
        let (fs, db, c) = try await TestDatabase.withCollection(.simple(dimension: dimension))
        var model = ReferenceModel()
        let ids: [PrimaryKey] = [1, 2, 3]
        try await c.insert(ids: ids, vectors: ids.map { vector(Int($0.intValue!)) })
        model.insert(ids: ids, vectors: ids.map { vector(Int($0.intValue!)) })
        return (fs, db, c, model)
    }

    @Test(arguments: [
        [PrimaryKey(10), 11, 2],   // the duplicate is the last row
        [2, 10, 11],               // the first row
        [10, 3, 11],               // a middle row
    ])
    func insertOfAStoredKeyFailsAndAppliesNothing(batch: [PrimaryKey]) async throws {
        let (_, db, c, model) = try await Self.seeded()
        let error = await expectQuiverError(.alreadyExists) {
            try await c.insert(ids: batch, vectors: batch.map { _ in Self.vector(99) })
        }
        #expect(error?.message.contains("already exists") == true)
        #expect(c.count == 3)
        #expect(bitExact(try await storedRows(c, ids: batch + model.ids)) == bitExact(model.rows))
        await db.close()
    }

    @Test func insertOfAKeyStoredInASegmentFailsAndAppliesNothing() async throws {
        let (fs, db, c, model) = try await Self.seeded()
        try await c.flush()
        await expectQuiverError(.alreadyExists) {
            try await c.insert([["id": .int(7), "vector": .floatVector(Self.vector(7))],
                                ["id": .int(1), "vector": .floatVector(Self.vector(8))]])
        }
        #expect(c.count == 3)
        await db.close()
        let reopened = try await TestDatabase.open(fs)
        let again = try reopened.collection("c")
        #expect(bitExact(try await storedRows(again, ids: [1, 7] + model.ids)) == bitExact(model.rows))
        await reopened.close()
    }

    @Test func upsertReplacesTheRowAndTheOldVectorIsNeverReturned() async throws {
        let (fs, db, c, _) = try await Self.seeded()
        try await c.flush()   // the old row of key 2 lives in a segment, the new one in the buffer
        let old = Self.vector(2), new: [Float] = [-5, -5, -5, -5]
        try await c.upsert([["id": .int(2), "vector": .floatVector(new)], ["id": .int(4), "vector": .floatVector(Self.vector(4))]])

        func check(_ c: Collection) async throws {
            #expect(c.count == 4)
            let rows = try await c.get(ids: [2])
            #expect(rows.count == 1)
            #expect(rows.first?["vector"] == .floatVector(new))
            let hits = try await c.search([old], k: 16)
            #expect(hits[0].count == 4)
            #expect(hits[0].filter { $0.id == 2 }.count == 1)
            for hit in hits[0] where hit.id == 2 {
                #expect(hit.distance == BruteForceOracle.score(old, new, metric: .l2))
            }
            #expect(!hits[0].contains { $0.distance == 0 && $0.id == 2 })
        }
        try await check(c)
        try await c.flush()
        try await check(c)
        await db.close()
        let reopened = try await TestDatabase.open(fs)
        try await check(try reopened.collection("c"))
        await reopened.close()
    }

    @Test(arguments: [false, true])
    func deleteNeverHidesALaterWrite(flushBetween: Bool) async throws {
        let (fs, db, c) = try await TestDatabase.withCollection(.simple(dimension: Self.dimension))
        try await c.insert(ids: [7], vectors: [Self.vector(1)])
        if flushBetween { try await c.flush() }
        #expect(try await c.delete(ids: [7]) == 1)
        if flushBetween { try await c.flush() }
        #expect(try await c.get(ids: [7]).isEmpty)
        try await c.insert(ids: [7], vectors: [Self.vector(2)])

        func check(_ c: Collection) async throws {
            #expect(c.count == 1)
            #expect(try await c.get(ids: [7]).first?["vector"] == .floatVector(Self.vector(2)))
            let hits = try await c.search([Self.vector(2)], k: 5)
            #expect(hits[0].map(\.id) == [7])
            #expect(hits[0].first?.distance == 0)
        }
        try await check(c)
        try await c.flush()
        try await check(c)
        await db.close()
        let reopened = try await TestDatabase.open(fs)
        try await check(try reopened.collection("c"))
        await reopened.close()
    }

    @Test func deleteAfterReinsertWithoutFlushSurvivesReopen() async throws {
        // Insert, delete, insert, delete again, insert again: only the last write counts, and the
        // WAL replay must reach the same answer.
        let (fs, db, c) = try await TestDatabase.withCollection(.simple(dimension: Self.dimension))
        for round in 0..<3 {
            try await c.insert(ids: [5], vectors: [Self.vector(round)])
            if round < 2 { #expect(try await c.delete(ids: [5]) == 1) }
        }
        await db.close()
        let reopened = try await TestDatabase.open(fs)
        let again = try reopened.collection("c")
        #expect(again.count == 1)
        #expect(try await again.get(ids: [5]).first?["vector"] == .floatVector(Self.vector(2)))
        await reopened.close()
    }

    @Test func deleteOfMissingKeysReturnsZero() async throws {
        let (_, db, c, model) = try await Self.seeded()
        #expect(try await c.delete(ids: [100, 200]) == 0)
        #expect(try await c.delete(ids: []) == 0)
        #expect(try await c.delete(ids: [1, 1, 100]) == 1)
        #expect(try await c.delete(ids: [1]) == 0)
        try await c.flush()
        #expect(try await c.delete(ids: [1, 2]) == 1)
        #expect(c.count == model.count - 2)
        await db.close()
    }

    @Test func autoIDAssignsIncreasingUniqueKeysAcrossReopen() async throws {
        let fs = MemoryFileSystem()
        var seen: [Int64] = []
        for round in 0..<4 {
            let db = try await TestDatabase.open(fs)
            let c = round == 0
                ? try await db.createCollection("auto", schema: .simple(dimension: Self.dimension, autoID: true))
                : try db.collection("auto")
            var assigned = try await c.insert(ids: nil, vectors: (0..<5).map { Self.vector($0) })
            assigned += try await c.insert([["vector": .floatVector(Self.vector(9))]])
            let values = assigned.compactMap(\.intValue)
            #expect(values.count == 6)
            #expect(values == values.sorted() && Set(values).count == values.count)
            #expect(values.first! > (seen.last ?? Int64.min))
            seen += values
            await expectQuiverError(.invalidArgument) { try await c.insert(ids: [1], vectors: [Self.vector(1)]) }
            await expectQuiverError(.invalidArgument) { try await c.insert([["id": .int(1), "vector": .floatVector(Self.vector(1))]]) }
            if round == 1 { try await c.flush() }
            await db.close()
        }
        let db = try await TestDatabase.open(fs)
        let c = try db.collection("auto")
        #expect(c.count == seen.count)
        #expect(try await c.get(ids: seen.map(PrimaryKey.int)).count == seen.count)
        await db.close()
    }

    @Test func varCharKeys() async throws {
        let (fs, db, c) = try await TestDatabase.withCollection(.simple(dimension: Self.dimension, primaryKeyType: .varChar,
                                                                       maxKeyLength: 8))
        try await c.insert(ids: ["alpha", "beta", "gamma"], vectors: [Self.vector(1), Self.vector(2), Self.vector(3)])
        #expect(try await c.search([Self.vector(2)], k: 1)[0].map(\.id) == ["beta"])
        await expectQuiverError(.alreadyExists) { try await c.insert(ids: ["delta", "beta"], vectors: [Self.vector(4), Self.vector(5)]) }
        await expectQuiverError(.invalidArgument) { try await c.insert(ids: ["much_too_long"], vectors: [Self.vector(4)]) }
        await expectQuiverError(.invalidArgument) { try await c.insert(ids: [4], vectors: [Self.vector(4)]) }
        await expectQuiverError(.invalidArgument) { try await c.delete(ids: [4]) }
        #expect(try await c.delete(ids: ["alpha", "zeta"]) == 1)
        try await c.upsert([["id": .string("gamma"), "vector": .floatVector(Self.vector(7))]])
        await db.close()

        let reopened = try await TestDatabase.open(fs)
        let again = try reopened.collection("c")
        let rows = try await storedRows(again, ids: ["alpha", "beta", "gamma", "delta"])
        #expect(rows.keys.sorted() == ["beta", "gamma"])
        #expect(rows["gamma"]?["vector"] == .floatVector(Self.vector(7)))
        #expect(rows["beta"]?["id"] == .string("beta"))
        await reopened.close()
    }
}
