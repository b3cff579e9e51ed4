// The crash test's workload and its checker (DESIGN §2, STYLE §11). A script of writes, deletes,
// upserts, flushes and compactions runs against a MemoryFileSystem; after each acknowledged call the
// ReferenceModel says what the collection must hold. CrashScript.verify opens a database on a crash
// image and checks the invariants:
//   a. every acknowledged insert and upsert is present with its vector bit for bit;
//   b. every acknowledged delete is applied;
//   c. the call in flight at the crash is applied whole or not at all;
//   d. no key is stored twice (count == distinct keys found == rows a full search returns);
//   e. a search over everything equals BruteForceOracle on the recovered rows.
// Ownership: test code; every run builds its own file systems.

import Quiver
import QuiverFileSystem
import QuiverTestSupport
import Testing

enum CrashStep: Sendable, CustomStringConvertible {
    case insert([Row])
    case upsert([Row])
    case delete([PrimaryKey])
    case flush
    /// Merges segments and drops deleted rows now (no change to what the collection holds).
    case compact
    /// An insert that repeats a stored key: it must fail with .alreadyExists and change nothing.
    case insertOfAStoredKey([Row])

    var description: String {
        func ids(_ rows: [Row]) -> String { rows.map { "\($0["id"]!)" }.joined(separator: ",") }
        switch self {
        case .insert(let rows): return "insert [\(ids(rows))]"
        case .upsert(let rows): return "upsert [\(ids(rows))]"
        case .delete(let keys): return "delete \(keys)"
        case .flush: return "flush"
        case .compact: return "compact"
        case .insertOfAStoredKey(let rows): return "insert of a stored key [\(ids(rows))]"
        }
    }

    /// The model after this step is acknowledged.
    func applied(to model: ReferenceModel) -> ReferenceModel {
        var model = model
        switch self {
        case .insert(let rows): precondition(model.insert(rows), "the script inserts a stored key: \(self)")
        case .upsert(let rows): model.upsert(rows)
        case .delete(let keys): model.delete(ids: keys)
        case .flush, .compact, .insertOfAStoredKey: break
        }
        return model
    }
}

/// What a (possibly crashed) run of the script got acknowledged.
struct CrashRun {
    var acknowledged = ReferenceModel()
    /// The call that threw because of the crash; it may or may not have been applied.
    var inFlight: CrashStep?
    var collectionCreated = false
    var acknowledgedStepCount = 0
    /// The state after each acknowledged step, from the empty collection on (bit-exact form): what
    /// a power loss may leave in `.async` mode.
    var prefixStates: [[PrimaryKey: Row]] = [[:]]

    /// The states recovery may legally produce.
    var allowedStates: [[PrimaryKey: Row]] {
        var states = [bitExact(acknowledged.rows)]
        if let inFlight { states.append(bitExact(inFlight.applied(to: acknowledged).rows)) }
        return states
    }
}

enum CrashScript {
    static let collectionName = "c"
    static let dimension = 8
    static let schema = CollectionSchema(fields: [
        .int64PrimaryKey("id"),
        .floatVector("vector", dimension: dimension),
        FieldSchema(name: "tag", dataType: .varChar, maxLength: 16, nullable: true),
    ])
    static let options = TestDatabase.manualFlushOptions()
    static let asyncOptions = TestDatabase.manualFlushOptions(durability: .async)

    /// Every key the script touches (and one it never writes).
    static let allKeys: [PrimaryKey] = keys(0..<70) + [999]
    static let queries = ClusteredDataGenerator(clusterCount: 4).generate(count: 3, dimension: dimension, seed: 77)

    /// The workload: deletes of buffered and of flushed rows, deletes of missing keys, re-inserts of
    /// deleted keys, upserts over segment rows, buffer rows and new keys, a refused duplicate insert,
    /// and flushes and compactions between them. Every row gets a vector of its own, so a stale row is detectable.
    static let steps: [CrashStep] = {
        let vectors = ClusteredDataGenerator(clusterCount: 4).generate(count: 200, dimension: dimension, seed: 11)
        var used = 0
        func rows(_ ids: [Int]) -> [Row] {
            ids.map { id in
                defer { used += 1 }
                return ["id": .int(Int64(id)), "vector": .floatVector(vectors[used]),
                        "tag": used % 3 == 0 ? .null : .string("v\(used)")]
            }
        }
        return [
            .insert(rows(Array(0..<16))),
            .insert(rows(Array(16..<32))),
            .flush,
            .delete([3, 5, 20, 999]),
            .upsert(rows([5, 10, 40])),
            .insert(rows(Array(41..<50))),
            .insertOfAStoredKey(rows([50, 51, 10])),
            .flush,
            .delete([0, 1, 2, 41, 42]),
            .compact,
            .insert(rows([3, 1])),
            .upsert(rows([20, 21, 45])),
            .flush,
            .delete([20, 45, 60]),
            .insert(rows(Array(50..<60))),
            .delete([55]),
            .compact,
            .upsert(rows([55, 56, 61])),
            .insert(rows([62, 63])),
        ]
    }()

    /// Runs the script on `fileSystem` until a call throws; closes the database at the end.
    /// `crashAfterStep` kills the file system right after that many steps returned (a power cut
    /// between calls, where `.async` mode leaves unsynced WAL bytes behind).
    static func run(on fileSystem: MemoryFileSystem, options: DatabaseOptions = options,
                    crashAfterStep: Int? = nil) async -> CrashRun {
        var run = CrashRun()
        guard let db = try? await Database.open(at: TestDatabase.path, options: options, fileSystem: fileSystem) else {
            #expect(fileSystem.isCrashed, "open failed without a crash")
            return run
        }
        do {
            let c = try await db.createCollection(collectionName, schema: schema)
            run.collectionCreated = true
            script: for step in steps {
                if fileSystem.isCrashed { break script }   // the previous call returned although the file system died in it
                do {
                    switch step {
                    case .insert(let rows): try await c.insert(rows)
                    case .upsert(let rows): try await c.upsert(rows)
                    case .delete(let keys):
                        let deleted = try await c.delete(ids: keys)
                        #expect(deleted == run.acknowledged.rows.keys.filter(Set(keys).contains).count, "\(step)")
                    case .flush: try await c.flush()
                    case .compact: try await c.compact()
                    case .insertOfAStoredKey(let rows):
                        await expectQuiverError(.alreadyExists) { try await c.insert(rows) }
                    }
                } catch {
                    #expect(fileSystem.isCrashed, "\(step) failed without a crash: \(error)")
                    run.inFlight = step
                    break script
                }
                run.acknowledged = step.applied(to: run.acknowledged)
                run.acknowledgedStepCount += 1
                run.prefixStates.append(bitExact(run.acknowledged.rows))
                if run.acknowledgedStepCount == crashAfterStep { fileSystem.crashNow() }
            }
        } catch {
            #expect(fileSystem.isCrashed, "createCollection failed without a crash: \(error)")
        }
        await db.close()
        return run
    }

    /// Opens a database on `image` and checks invariants a-e against `run`. Returns the open
    /// database and the rows it holds (bit-exact form), or nil (with an issue recorded) when the
    /// open fails.
    /// `allowedStates` defaults to the run's acknowledged state with or without its in-flight call.
    static func verify(_ image: MemoryFileSystem, against run: CrashRun, allowedStates: [[PrimaryKey: Row]]? = nil,
                       _ context: String,
                       sourceLocation: SourceLocation = #_sourceLocation) async -> (Database, [PrimaryKey: Row])? {
        let db: Database
        do {
            db = try await Database.open(at: TestDatabase.path, options: options, fileSystem: image)
        } catch {
            Issue.record("\(context): recovery failed: \(error)", sourceLocation: sourceLocation)
            return nil
        }
        do {
            guard try db.hasCollection(collectionName) else {
                #expect(!run.collectionCreated, "\(context): the acknowledged collection is gone", sourceLocation: sourceLocation)
                return (db, [:])
            }
            let c = try db.collection(collectionName)
            let rows = bitExact(try await storedRows(c, ids: allKeys, sourceLocation: sourceLocation))
            #expect((allowedStates ?? run.allowedStates).contains(rows),
                    "\(context): recovered \(rows.keys.sorted()) but acknowledged \(run.acknowledged.ids) with \(run.inFlight.map(String.init(describing:)) ?? "nothing") in flight",
                    sourceLocation: sourceLocation)
            #expect(c.count == rows.count, "\(context): count \(c.count), distinct keys \(rows.count)", sourceLocation: sourceLocation)
            try await checkSearch(c, rows: rows, context, sourceLocation: sourceLocation)
            return (db, rows)
        } catch {
            Issue.record("\(context): reading the recovered collection failed: \(error)", sourceLocation: sourceLocation)
            return (db, [:])
        }
    }

    /// A search for every row equals the oracle over the recovered rows, each key once.
    static func checkSearch(_ c: Collection, rows: [PrimaryKey: Row], _ context: String,
                            sourceLocation: SourceLocation) async throws {
        guard !rows.isEmpty else {
            #expect(try await c.search(queries, k: 10).allSatisfy(\.isEmpty), "\(context)", sourceLocation: sourceLocation)
            return
        }
        var model = ReferenceModel()
        model.upsert(try await c.get(ids: Array(rows.keys)))
        let (ids, vectors) = model.floatVectors()
        let k = rows.count + 5
        let hits = try await c.search(queries, k: k)
        let truth = BruteForceOracle.search(queries, in: vectors, ids: ids, k: k, metric: .l2)
        for (index, (result, expected)) in zip(hits, truth).enumerated() {
            #expect(Set(result.map(\.id)).count == result.count, "\(context): a key found twice", sourceLocation: sourceLocation)
            let mismatch = Recall.rankingMismatch(ranked(result), truth: expected)
            #expect(mismatch == nil, "\(context), query \(index): \(mismatch ?? "")", sourceLocation: sourceLocation)
        }
    }
}
