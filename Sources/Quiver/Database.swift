// Database: an open data directory, the entry point of the embedded API.
//
//     let db = try await Database.open(at: "path/to/data")
//     let docs = try await db.createCollection("docs", schema: .simple(dimension: 128))
//     try await docs.insert(ids: [1, 2], vectors: [v1, v2])
//     let hits = try await docs.search([query], k: 10)
//     await db.close()
//
// Concurrency: a Database and its Collections are Sendable; call them from any task. Writes to
// one collection are serialized by its writer; searches run concurrently with writes and see
// every write acknowledged before they started.
// One process per directory: a second open (in any process) throws `.locked`.

import QuiverFileSystem
import QuiverStorage

/// An open data directory: its collections, their aliases, and the directory's lock.
public final class Database: Sendable {
    package let engine: StorageEngine

    private init(engine: StorageEngine) { self.engine = engine }

    /// Opens (creating if needed) the database at `path`, recovering from the WAL whatever the
    /// last process acknowledged. `fileSystem` defaults to the real one; tests pass a
    /// `MemoryFileSystem` to simulate crashes.
    public static func open(at path: String, options: DatabaseOptions = DatabaseOptions(),
                            fileSystem: (any FileSystem)? = nil) async throws -> Database {
        let engine = try await StorageEngine.open(path: path, fileSystem: fileSystem ?? POSIXFileSystem(), options: options)
        return Database(engine: engine)
    }

    /// The data directory this database was opened at.
    public var path: String { engine.path }

    /// WAL fsyncs, compaction merges and index builds as they happen, for metrics and
    /// monitoring: `db.events.addObserver { event in ... }` (observers must be quick).
    public var events: StorageEventHub { engine.events }

    /// Flushes every buffer into segments and releases the directory.
    public func close() async { await engine.close() }

    /// Creates a collection and runs `configure` on it (creating its indexes, say) as one step:
    /// no other create, drop, rename or alias change runs in between, and if `configure` throws,
    /// the collection is dropped again and the error rethrown, so a failed create leaves
    /// nothing behind. Concurrent creates of one name: one succeeds, the others throw
    /// `.alreadyExists`.
    public func createCollection(_ name: String, schema: CollectionSchema,
                                 configure: (Collection) async throws -> Void = { _ in }) async throws -> Collection {
        var created: Collection?
        _ = try await engine.createCollection(name: name, schema: schema) { writer in
            let collection = Collection(writer: writer, compactor: try engine.compactor(named: name))
            try await configure(collection)
            created = collection
        }
        guard let created else { preconditionFailure("createCollection returned without configuring the collection") }
        return created
    }

    /// The collection named `name` (or the collection an alias of that name points at);
    /// `.notFound` if there is none.
    public func collection(_ name: String) throws -> Collection {
        Collection(writer: try engine.collection(named: name), compactor: try engine.compactor(named: name))
    }

    /// True for a collection's own name (not an alias; see `describeAlias`).
    public func hasCollection(_ name: String) throws -> Bool {
        try engine.collectionNames().contains(name)
    }

    /// Every collection's name, sorted (aliases not included).
    public func listCollections() throws -> [String] { try engine.collectionNames() }

    /// Drops the collection and deletes its files.
    public func dropCollection(_ name: String) async throws { try await engine.dropCollection(name: name) }
}

extension Database {
    /// For benchmarks and crash tests in this package: drop the database as a killed process
    /// would (no flush, no final sync), releasing the directory lock.
    package func abandon() async { await engine.abandon() }
}
