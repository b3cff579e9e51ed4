// The whole-workload script of the I/O fault loop: open, create a collection with an index,
// inserts, deletes by id and by filter, an upsert, flushes, a compaction, an index build and a
// close; every kind of file the database writes (catalog image, WAL, segment, deletion and index
// files) is written, synced, renamed and removed along the way.
// Invariants: every row has a vector of its own (a stale row is detectable); `applied(to:)` says
// what the collection holds once a step is acknowledged.
// Ownership: test code.

import Quiver
import QuiverTestSupport

enum FaultStep: Sendable, CustomStringConvertible {
    case createCollection
    case createIndex
    case insert(Range<Int>)
    case upsert([Int])
    case deleteIDs([Int])
    /// `delete(filter: "group == g")`.
    case deleteGroup(Int)
    case flush
    case compact
    case buildIndexes

    static let collectionName = "c"
    static let dimension = 4
    static let schema = CollectionSchema(fields: [
        .int64PrimaryKey("id"),
        .floatVector("vector", dimension: dimension),
        FieldSchema(name: "group", dataType: .int64),
    ])
    /// No timer-driven work; segments of 8 rows or more get their index from buildIndexes().
    static let options: DatabaseOptions = {
        var options = TestDatabase.manualFlushOptions()
        options.indexBuildThresholdRows = 8
        return options
    }()

    static let script: [FaultStep] = [
        .createCollection, .createIndex,
        .insert(0..<12), .insert(12..<20), .deleteIDs([3, 14, 99]), .flush,
        .upsert([5, 20, 21]), .deleteGroup(1), .flush,
        .insert(22..<30), .flush, .compact, .buildIndexes,
        .insert(30..<34), .deleteIDs([22]),
    ]

    /// Every key the script can write, and one more.
    static let allKeys = keys(0..<35)

    /// Upserted rows get other vectors than inserted ones (the +1000), so a lost upsert shows.
    static func row(_ id: Int, upserted: Bool = false) -> Row {
        let seed = id + (upserted ? 1_000 : 0)
        let vector = (0..<dimension).map { Float((seed * 7 + $0 * 13) % 97) - 48 }
        return ["id": .int(Int64(id)), "vector": .floatVector(vector), "group": .int(Int64(seed % 3))]
    }

    var description: String {
        switch self {
        case .createCollection: "createCollection"
        case .createIndex: "createIndex"
        case .insert(let range): "insert \(range)"
        case .upsert(let ids): "upsert \(ids)"
        case .deleteIDs(let ids): "delete \(ids)"
        case .deleteGroup(let group): "delete group == \(group)"
        case .flush: "flush"
        case .compact: "compact"
        case .buildIndexes: "buildIndexes"
        }
    }

    /// Whether an acknowledged step changes what the collection holds.
    var isMutation: Bool {
        switch self {
        case .insert, .upsert, .deleteIDs, .deleteGroup: true
        default: false
        }
    }

    func perform(on database: Database) async throws {
        if case .createCollection = self {
            _ = try await database.createCollection(Self.collectionName, schema: Self.schema)
            return
        }
        let c = try database.collection(Self.collectionName)
        switch self {
        case .createCollection: break
        case .createIndex: try await c.createIndex(spec: IndexSpec(kind: .hnsw, metric: .l2, parameters: ["M": 8, "efConstruction": 32]))
        case .insert(let range): _ = try await c.insert(range.map { Self.row($0) })
        case .upsert(let ids): _ = try await c.upsert(ids.map { Self.row($0, upserted: true) })
        case .deleteIDs(let ids): _ = try await c.delete(ids: ids.map { .int(Int64($0)) })
        case .deleteGroup(let group): _ = try await c.delete(filter: "group == \(group)")
        case .flush: try await c.flush()
        case .compact: _ = try await c.compact()
        case .buildIndexes: _ = try await c.buildIndexes()
        }
    }

    func applied(to model: ReferenceModel) -> ReferenceModel {
        var model = model
        switch self {
        case .insert(let range): precondition(model.insert(range.map { Self.row($0) }), "the script inserts a stored key")
        case .upsert(let ids): model.upsert(ids.map { Self.row($0, upserted: true) })
        case .deleteIDs(let ids): model.delete(ids: ids.map { .int(Int64($0)) })
        case .deleteGroup(let group):
            model.delete(ids: model.rows.filter { $0.value["group"] == .int(Int64(group)) }.map(\.key))
        case .createCollection, .createIndex, .flush, .compact, .buildIndexes: break
        }
        return model
    }
}
