// Runs a ModelStep sequence against a real database on a MemoryFileSystem and, beside it, against
// a ReferenceModel (a dictionary) with brute-force search. Returns the first disagreement instead of
// recording it, so the Shrinker can rerun sequences quietly.
// Checks: each call succeeds or fails as the model says (an insert of a stored key fails with
// .alreadyExists and applies nothing); deletes report the model's count; count() equals the model
// after every step; reads (get, count/query by filter, search) equal the model's answers bit for
// bit; after a reopen or a crash (durability .sync: every acknowledged write must survive) every
// key holds exactly the model's row.
// `plantedBug` makes the model wrong on purpose; only the shrinker's own test sets it.
// Ownership: test code; each run builds its own file system and database.

import Quiver
import QuiverFileSystem
import QuiverTestSupport
import Testing

struct ModelFailure: Error, CustomStringConvertible {
    let stepIndex: Int
    let message: String
    var description: String { "step \(stepIndex): \(message)" }
}

struct ModelRunner {
    /// A deliberate model error, to show the shrinker finds the minimal sequence that exposes it.
    enum PlantedBug { case compactionForgetsKey(Int) }

    var plantedBug: PlantedBug?

    static let schema = CollectionSchema(fields: [
        .int64PrimaryKey("id"),
        .floatVector("vector", dimension: ModelStep.dimension),
        FieldSchema(name: "group", dataType: .int64),
    ])

    /// The first disagreement between database and model, or nil when the whole sequence agreed.
    func firstFailure(of steps: [ModelStep]) async -> ModelFailure? {
        var fileSystem = MemoryFileSystem()
        var model = ReferenceModel()
        var database: Database
        var collection: Collection
        do {
            database = try await TestDatabase.open(fileSystem)
            collection = try await database.createCollection("c", schema: Self.schema)
        } catch {
            return ModelFailure(stepIndex: -1, message: "creating the collection failed: \(error)")
        }
        for (index, step) in steps.enumerated() {
            do {
                switch step {
                case .reopen:
                    await database.close()
                    database = try await TestDatabase.open(fileSystem)
                    collection = try database.collection("c")
                    try await Self.expectEveryKey(collection, model)
                case .crash(let keepUnsynced):
                    let image = fileSystem.crashImage(keepUnsynced ? .keepUnsynced : .dropUnsynced)
                    fileSystem.crashNow()
                    await database.close()
                    fileSystem = image
                    database = try await TestDatabase.open(fileSystem)
                    collection = try database.collection("c")
                    try await Self.expectEveryKey(collection, model)
                default:
                    try await apply(step, to: collection, model: &model)
                }
                try Self.expect(collection.count == model.count, "count \(collection.count), model \(model.count)")
            } catch let failure as ModelMismatch {
                await database.close()
                return ModelFailure(stepIndex: index, message: "\(step): \(failure.message)")
            } catch {
                await database.close()
                return ModelFailure(stepIndex: index, message: "\(step) threw \(error)")
            }
        }
        await database.close()
        return nil
    }

    private func apply(_ step: ModelStep, to c: Collection, model: inout ReferenceModel) async throws {
        switch step {
        case .insert(let ids, let seed):
            let rows = ids.map { ModelStep.row(id: $0, vectorSeed: seed) }
            if model.insert(rows) {
                let keys = try await c.insert(rows)
                try Self.expect(keys == ids.map { .int(Int64($0)) }, "returned keys \(keys)")
            } else {
                do {
                    _ = try await c.insert(rows)
                    throw ModelMismatch("an insert of a stored key succeeded")
                } catch let error as QuiverError where error.code == .alreadyExists {}
            }
        case .upsert(let ids, let seed):
            let rows = ids.map { ModelStep.row(id: $0, vectorSeed: seed) }
            model.upsert(rows)
            _ = try await c.upsert(rows)
        case .deleteIDs(let ids):
            let expected = model.delete(ids: ids.map { .int(Int64($0)) })
            let deleted = try await c.delete(ids: ids.map { .int(Int64($0)) })
            try Self.expect(deleted == expected, "deleted \(deleted), model \(expected)")
        case .deleteGroup(let group):
            let keys = Self.keysInGroup(group, model)
            let expected = model.delete(ids: keys)
            let deleted = try await c.delete(filter: "group == \(group)")
            try Self.expect(deleted == expected, "deleted \(deleted), model \(expected)")
        case .flush:
            try await c.flush()
        case .compact:
            _ = try await c.compact()
            if case .compactionForgetsKey(let key)? = plantedBug { model.delete(ids: [.int(Int64(key))]) }
        case .search(let seed, let k):
            let query = ModelStep.query(seed: seed)
            let hits = try await c.search([query], k: k)[0]
            let (ids, vectors) = model.floatVectors()
            let truth = BruteForceOracle.search([query], in: vectors, ids: ids, k: k, metric: .l2)[0]
            if let mismatch = Recall.rankingMismatch(ranked(hits), truth: truth) { throw ModelMismatch(mismatch) }
        case .countGroup(let group):
            let keys = Self.keysInGroup(group, model)
            let counted = try await c.count(filter: "group == \(group)")
            try Self.expect(counted == keys.count, "count(group == \(group)) \(counted), model \(keys.count)")
            let rows = try await c.query(filter: "group == \(group)")
            try Self.expect(Set(rows.map { model.key(of: $0) }) == Set(keys) && rows.count == keys.count,
                            "query(group == \(group)) returned \(rows.map { model.key(of: $0) }), model \(keys)")
            try Self.expect(rows.allSatisfy { model[model.key(of: $0)].map(bitExact) == bitExact($0) }, "query returned a stale row")
        case .get(let ids):
            let keys = ids.map { PrimaryKey.int(Int64($0)) }
            let rows = try await storedRows(c, ids: keys)
            let expected = model.rows.filter { keys.contains($0.key) }
            try Self.expect(bitExact(rows) == bitExact(expected), "get returned \(rows.keys.sorted()), model \(expected.keys.sorted())")
        case .reopen, .crash:
            preconditionFailure("handled by firstFailure")
        }
    }

    /// Every key of the key space holds exactly the model's row (none more, none less).
    private static func expectEveryKey(_ c: Collection, _ model: ReferenceModel) async throws {
        let rows = try await storedRows(c, ids: keys(0..<ModelStep.keySpace))
        try expect(bitExact(rows) == bitExact(model.rows),
                   "after recovery the collection holds \(rows.keys.sorted()), model \(model.ids)")
    }

    private static func keysInGroup(_ group: Int, _ model: ReferenceModel) -> [PrimaryKey] {
        model.rows.filter { $0.value["group"] == .int(Int64(group)) }.map(\.key)
    }

    private static func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw ModelMismatch(message()) }
    }
}

struct ModelMismatch: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
