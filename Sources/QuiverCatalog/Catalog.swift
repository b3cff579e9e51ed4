// Catalog: the database's record of collections and their segment files. A catalog commit is THE
// commit point of a flush or a merge: a segment file exists for readers only once a commit names it.
// Two persistence modes behind one SQL implementation:
// - POSIXFileSystem: `<directory>/catalog.sqlite` opened by SQLite, WAL journal, synchronous=FULL;
// - any other FileSystem: an in-memory database whose image is rewritten atomically after every
//   committed write (see CatalogImage).
// Invariants: foreign keys are on; the schema is at `CatalogMigrations.latestVersion` once open returns.
// Ownership: thread-safe; one connection guarded by a Mutex, held only for synchronous SQLite work.

import QuiverFileSystem
import Synchronization

package final class Catalog: Sendable {
    package static let fileName = "catalog.sqlite"
    /// The schema version (number of migrations) this build writes, recorded in `PRAGMA user_version`.
    package static var schemaVersion: Int { CatalogMigrations.latestVersion }
    static let busyTimeoutMilliseconds: Int32 = 5_000

    // Immutable after init.
    /// The catalog file (in image mode: the file holding the image).
    package let filePath: String

    // Guarded by `state`: the connection, the image mode's durable bytes, and the failure flag.
    private let state: Mutex<CatalogState>

    private init(filePath: String, state: consuming sending CatalogState) {
        self.filePath = filePath
        self.state = Mutex(state)
    }

    /// Opens (creating if needed) the catalog in `directory`, migrating its schema to the latest version.
    /// Throws `.corrupt` naming the file when it is not a valid SQLite catalog.
    package static func open(directory: String, fileSystem: any FileSystem) throws -> Catalog {
        let filePath = directory.hasSuffix("/") ? directory + fileName : directory + "/" + fileName
        if !fileSystem.fileExists(atPath: directory) {
            do {
                try fileSystem.createDirectory(atPath: directory)
                try fileSystem.syncDirectory(atPath: parentDirectory(of: directory))   // make the new entry durable
            } catch {
                throw CatalogError(.io, "\(filePath): creating the catalog directory failed: \(error)",
                                   underlyingError: error)
            }
        }
        var state = CatalogState()
        if fileSystem is POSIXFileSystem {
            let connection = try SQLiteConnection(openingFileAt: filePath)
            state.connection = connection
            connection.setBusyTimeout(milliseconds: busyTimeoutMilliseconds)
            try checkIntegrity(of: connection)
            try enableWriteAheadLog(on: connection)
            try connection.execute("PRAGMA synchronous = FULL", context: "setting synchronous=FULL")
        } else {
            let connection = try SQLiteConnection(inMemoryStandingFor: filePath)
            state.connection = connection
            var image = CatalogImage(fileSystem: fileSystem, directory: directory, filePath: filePath)
            try image.load(into: connection)
            state.image = image
            try checkIntegrity(of: connection)
        }
        try state.openConnection().execute("PRAGMA foreign_keys = ON", context: "enabling foreign keys")
        try CatalogMigrations.migrate(&state)
        return Catalog(filePath: filePath, state: state)
    }

    /// Closes the connection; later calls throw `.sqlite` ("closed"). Calling it twice is harmless.
    package func close() {
        state.withLock { state in
            state.connection?.close()
            state.connection = nil
        }
    }

    func read<Result: Sendable>(_ body: @Sendable (SQLiteConnection) throws -> Result) throws -> Result {
        try state.withLock { state in try state.read(body) }
    }

    @discardableResult
    func write<Result: Sendable>(_ body: @Sendable (SQLiteConnection) throws -> Result) throws -> Result {
        try state.withLock { state in try state.write(body) }
    }

    /// "/a/b" -> "/a", "/a" -> "/", "a" -> ".", "a/b/" -> "a".
    static func parentDirectory(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }

    private static func checkIntegrity(of connection: SQLiteConnection) throws {
        let findings = try connection.rows("PRAGMA quick_check") { $0.text(at: 0) }
        guard findings == ["ok"] else {
            throw CatalogError(.corrupt, "\(connection.filePath): integrity check failed: "
                               + findings.prefix(3).joined(separator: "; "))
        }
    }

    private static func enableWriteAheadLog(on connection: SQLiteConnection) throws {
        let mode = try connection.rows("PRAGMA journal_mode = WAL") { $0.text(at: 0) }
        guard mode.first?.lowercased() == "wal" else {
            throw CatalogError(.sqlite, "\(connection.filePath): could not enable WAL mode (got \(mode))")
        }
    }
}
