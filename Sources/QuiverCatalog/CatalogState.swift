// CatalogState: the connection and its persistence, plus the read and write-transaction helpers
// every Catalog method goes through.
// Invariants: a write either commits (and, in image mode, its image is durable) or leaves the
// database exactly as before and throws; once `failure` is set every later call throws it.
// Ownership: lives only inside `Catalog.state` (a Mutex); methods run with that lock held and never await.

struct CatalogState {
    var connection: SQLiteConnection?
    /// Set in image mode (non-POSIX FileSystem), nil for a file-backed database.
    var image: CatalogImage?
    /// Set when memory may disagree with the durable image; the catalog must be reopened.
    var failure: CatalogError?

    func openConnection() throws -> SQLiteConnection {
        if let failure { throw failure }
        guard let connection else {
            throw CatalogError(.sqlite, "the catalog is closed")
        }
        return connection
    }

    /// Runs `body` outside any explicit transaction (each statement sees one committed state).
    func read<Result>(_ body: (SQLiteConnection) throws -> Result) throws -> Result {
        try body(try openConnection())
    }

    /// Runs `body` in one write transaction; any error rolls it back and is rethrown.
    mutating func write<Result>(_ body: (SQLiteConnection) throws -> Result) throws -> Result {
        let connection = try openConnection()
        try connection.execute("BEGIN IMMEDIATE", context: "beginning a write transaction")
        let result: Result
        do {
            result = try body(connection)
            try connection.execute("COMMIT", context: "committing")
        } catch {
            if connection.isInsideTransaction {
                try? connection.execute("ROLLBACK", context: "rolling back")
            }
            throw error
        }
        try persistImage(of: connection)
        return result
    }

    private mutating func persistImage(of connection: SQLiteConnection) throws {
        guard var image else { return }
        do throws(ImageWriteFailure) {
            try image.persist(from: connection)
            self.image = image
        } catch .restored(let error) {
            throw error
        } catch .mustReopen(let error) {
            connection.close()
            self.connection = nil
            failure = CatalogError(.io, "the catalog must be reopened after a failed image write: \(error.message)",
                                   underlyingError: error.underlyingError)
            throw error
        }
    }
}
