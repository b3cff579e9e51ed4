// CatalogImage: durability for catalogs on a non-POSIX FileSystem (the in-memory, crash-simulating one
// in tests). The database lives in an in-memory SQLite connection; its durable form is one file,
// `<directory>/catalog.sqlite`, holding the `sqlite3_serialize` image of the last committed state.
// Invariants:
// - the file is only ever replaced atomically: write `catalog.sqlite.tmp`, sync, close, rename, syncDirectory;
// - `durableBytes` equals the image the file holds, so a failed write can put memory back to it;
// - images are taken after COMMIT: a deserialized ("memdb") database serializes its committed pages
//   only, so an image taken inside a transaction would silently miss that transaction's changes.
// Ownership: a value inside `CatalogState`, touched only under the Catalog's Mutex.

import CSQLite
import QuiverFileSystem

struct CatalogImage {
    let fileSystem: any FileSystem
    let directory: String
    let filePath: String
    let temporaryFilePath: String
    /// The bytes the durable file holds; nil until the first image is loaded or written.
    private(set) var durableBytes: [UInt8]?

    init(fileSystem: any FileSystem, directory: String, filePath: String) {
        self.fileSystem = fileSystem
        self.directory = directory
        self.filePath = filePath
        self.temporaryFilePath = filePath + ".tmp"
    }

    /// Loads the durable image into `connection`, if the file exists.
    mutating func load(into connection: SQLiteConnection) throws {
        guard fileSystem.fileExists(atPath: filePath) else { return }
        var bytes: [UInt8]
        do {
            bytes = try fileSystem.readFile(atPath: filePath)
        } catch {
            throw CatalogError(.io, "\(filePath): reading the catalog image failed: \(error)", underlyingError: error)
        }
        guard !bytes.isEmpty else {
            throw CatalogError(.corrupt, "\(filePath): the catalog image is empty (images are written atomically)")
        }
        Self.markRollbackJournalMode(&bytes)
        try connection.replaceMainDatabase(with: bytes, context: "loading the catalog image")
        durableBytes = bytes
    }

    /// Writes the committed state of `connection` as the new durable image. A failure up to and
    /// including the rename leaves the old file in place and puts `connection` back to `durableBytes`
    /// (`.restored`); a failed directory sync, or a failed restore, means memory can no longer be
    /// matched to the file (`.mustReopen`).
    mutating func persist(from connection: SQLiteConnection) throws(ImageWriteFailure) {
        let bytes: [UInt8]
        do {
            bytes = try connection.serializedMainDatabase()
            try writeTemporaryFile(bytes)
        } catch {
            try? fileSystem.removeFile(atPath: temporaryFilePath)
            throw restore(connection, after: error, step: "writing")
        }
        do {
            try fileSystem.rename(atPath: temporaryFilePath, toPath: filePath)
        } catch {
            throw restore(connection, after: error, step: "renaming")
        }
        do {
            try fileSystem.syncDirectory(atPath: directory)
        } catch {
            // The new image is visible but maybe not durable; neither state can be trusted in memory.
            throw .mustReopen(wrap(error, step: "syncing the directory of"))
        }
        durableBytes = bytes
    }

    private func writeTemporaryFile(_ bytes: [UInt8]) throws {
        let file = try fileSystem.createFile(atPath: temporaryFilePath)
        do {
            try file.append(bytes)
            try file.sync()
        } catch {
            try? file.close()
            throw error
        }
        try file.close()
    }

    /// Puts memory back to the durable image after a failed write, so the two never disagree.
    private func restore(_ connection: SQLiteConnection, after error: any Error, step: String) -> ImageWriteFailure {
        let failure = wrap(error, step: step)
        guard let durableBytes else { return .mustReopen(failure) }
        do {
            try connection.replaceMainDatabase(with: durableBytes, context: "restoring the previous catalog image")
            return .restored(failure)
        } catch {
            return .mustReopen(failure)
        }
    }

    private func wrap(_ error: any Error, step: String) -> CatalogError {
        if let catalogError = error as? CatalogError { return catalogError }
        return CatalogError(.io, "\(filePath): \(step) the catalog image failed: \(error)", underlyingError: error)
    }

    /// A WAL-mode header (bytes 18 and 19 == 2) cannot be deserialized; such an image can only come
    /// from copying a POSIX catalog into another FileSystem. Marks it as a rollback-journal database.
    private static func markRollbackJournalMode(_ bytes: inout [UInt8]) {
        let magic = Array("SQLite format 3\0".utf8)
        guard bytes.count >= 100, Array(bytes[0..<16]) == magic, bytes[18] == 2, bytes[19] == 2 else { return }
        bytes[18] = 1
        bytes[19] = 1
    }
}

/// Why `CatalogImage.persist` failed, and whether the in-memory database still matches the durable one.
enum ImageWriteFailure: Error {
    /// Memory was put back to the durable image; the catalog stays usable.
    case restored(CatalogError)
    /// Memory may disagree with the file; the connection must be discarded and the catalog reopened.
    case mustReopen(CatalogError)
}

extension SQLiteConnection {
    /// The committed content of the main database as one image (sqlite3_serialize).
    func serializedMainDatabase() throws -> [UInt8] {
        var byteCount: sqlite3_int64 = 0
        guard let image = sqlite3_serialize(try requireHandle(), "main", &byteCount, 0) else {
            throw CatalogError(.sqlite, "\(filePath): serializing the catalog failed (out of memory?)")
        }
        defer { sqlite3_free(image) }
        return Array(UnsafeBufferPointer(start: image, count: Int(byteCount)))
    }

    /// Replaces the main database with `bytes` (sqlite3_deserialize into a resizable SQLite-owned copy).
    func replaceMainDatabase(with bytes: [UInt8], context: String) throws {
        let handle = try requireHandle()
        guard let copy = sqlite3_malloc64(sqlite3_uint64(bytes.count)) else {
            throw CatalogError(.sqlite, "\(filePath): \(context): out of memory")
        }
        bytes.withUnsafeBytes { copy.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        let flags = UInt32(SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE)
        let size = sqlite3_int64(bytes.count)
        // On failure SQLite frees `copy` itself because FREEONCLOSE is set.
        let code = sqlite3_deserialize(handle, "main", copy.assumingMemoryBound(to: UInt8.self), size, size, flags)
        guard code == SQLITE_OK else { throw makeError(code: code, context: context) }
    }
}
