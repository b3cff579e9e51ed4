// Helpers shared by the embedded-API tests: a database on a MemoryFileSystem with flushes only
// when a test asks for them, bit-exact row comparison, and reading a collection's whole contents.
// Ownership: test code; each test builds its own file system and database.

import Quiver
import QuiverFileSystem
import QuiverTestSupport
import Testing

enum TestDatabase {
    static let path = "/db"

    /// Options with no timer-driven work during a test: buffers become segments only on flush() or
    /// close(), and segments merge only on compact(). The file system then sees the same
    /// operations, in the same order, on every run (the crash test numbers its sync points).
    static func manualFlushOptions(durability: DatabaseOptions.Durability = .sync) -> DatabaseOptions {
        var options = DatabaseOptions(durability: durability, flushInterval: .seconds(3600))
        options.compaction.isEnabled = false
        options.compaction.checkInterval = .seconds(3600)
        return options
    }

    static func open(_ fileSystem: MemoryFileSystem,
                     options: DatabaseOptions = manualFlushOptions()) async throws -> Database {
        try await Database.open(at: path, options: options, fileSystem: fileSystem)
    }

    /// A fresh in-memory database holding one collection `name` with `schema`.
    static func withCollection(_ schema: CollectionSchema, name: String = "c",
                               options: DatabaseOptions = manualFlushOptions())
        async throws -> (MemoryFileSystem, Database, Collection) {
        let fileSystem = MemoryFileSystem()
        let database = try await open(fileSystem, options: options)
        let collection = try await database.createCollection(name, schema: schema)
        return (fileSystem, database, collection)
    }
}

/// A row with every float vector replaced by its bit patterns, so `==` compares bit for bit
/// (Float's `==` would equate 0 and -0).
func bitExact(_ row: Row) -> Row {
    row.mapValues { value in
        if case .floatVector(let vector) = value { return .array(vector.map { .int(Int64($0.bitPattern)) }) }
        return value
    }
}

func bitExact(_ rows: [PrimaryKey: Row]) -> [PrimaryKey: Row] { rows.mapValues(bitExact) }

/// The rows `get` returns for `ids` (repeats removed), by key; records an issue when a key comes back twice.
func storedRows(_ collection: Collection, ids: [PrimaryKey], keyField: String = "id",
                sourceLocation: SourceLocation = #_sourceLocation) async throws -> [PrimaryKey: Row] {
    let model = ReferenceModel(keyField: keyField)
    var rows: [PrimaryKey: Row] = [:]
    var seen = Set<PrimaryKey>()
    let distinct = ids.filter { seen.insert($0).inserted }
    for row in try await collection.get(ids: distinct) {
        let key = model.key(of: row)
        #expect(rows.updateValue(row, forKey: key) == nil, "get returned key \(key) twice", sourceLocation: sourceLocation)
    }
    return rows
}

/// A search hit as the (id, distance) pair Recall.rankingMismatch compares.
func ranked(_ hits: [SearchHit]) -> [(id: PrimaryKey, distance: Float)] {
    hits.map { ($0.id, $0.distance) }
}

/// Expects an error with `code` from `body`; returns the error for further checks.
@discardableResult
func expectQuiverError<T>(_ code: QuiverError.Code, sourceLocation: SourceLocation = #_sourceLocation,
                          _ body: () async throws -> T) async -> QuiverError? {
    do {
        _ = try await body()
        Issue.record("expected QuiverError \(code), the call succeeded", sourceLocation: sourceLocation)
        return nil
    } catch let error as QuiverError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected QuiverError \(code), got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

func keys(_ range: Range<Int>) -> [PrimaryKey] { range.map { .int(Int64($0)) } }
