// SQLiteConnection: a thin owner of one `sqlite3*` handle, plus error translation to CatalogError.
// Invariants: every error names `filePath` and carries SQLite's error text; SQL text passed here is
// constant or built only from our own integers, caller values always go through bound parameters.
// Ownership: not thread-safe (opened with SQLITE_OPEN_NOMUTEX); exactly one lives inside
// `Catalog.state` and is only touched while that Mutex is held.

import CSQLite

final class SQLiteConnection {
    /// The catalog file this connection stands for, used in every error message.
    let filePath: String
    private(set) var handle: OpaquePointer?

    /// Opens (creating if missing) the database file at `filePath`.
    convenience init(openingFileAt filePath: String) throws {
        try self.init(filePath: filePath, openPath: filePath)
    }

    /// Opens an empty in-memory database that stands for the catalog file at `filePath`.
    convenience init(inMemoryStandingFor filePath: String) throws {
        try self.init(filePath: filePath, openPath: ":memory:")
    }

    private init(filePath: String, openPath: String) throws {
        self.filePath = filePath
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(openPath, &handle, flags, nil)
        self.handle = handle
        guard code == SQLITE_OK else {
            let error = makeError(code: code, context: "opening")
            close()
            throw error
        }
        sqlite3_extended_result_codes(handle, 1)
    }

    deinit {
        close()
    }

    func close() {
        guard let handle else { return }
        sqlite3_close_v2(handle)   // _v2: never fails; finalizes lazily if a statement leaked
        self.handle = nil
    }

    /// Runs constant SQL (possibly several statements) with no parameters; result rows are ignored.
    func execute(_ sql: String, context: String) throws {
        let code = sqlite3_exec(try requireHandle(), sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw makeError(code: code, context: context) }
    }

    func prepare(_ sql: String) throws -> SQLiteStatement {
        try SQLiteStatement(connection: self, sql: sql)
    }

    /// Runs one statement with bound values and returns how many rows it changed.
    @discardableResult
    func run(_ sql: String, _ values: [SQLiteValue] = []) throws -> Int {
        let statement = try prepare(sql)
        try statement.bind(values)
        while try statement.step() {}
        return Int(sqlite3_changes(handle))
    }

    /// Runs one query with bound values and decodes every row.
    func rows<Row>(_ sql: String, _ values: [SQLiteValue] = [],
                   decode: (SQLiteStatement) throws -> Row) throws -> [Row] {
        let statement = try prepare(sql)
        try statement.bind(values)
        var rows: [Row] = []
        while try statement.step() {
            rows.append(try decode(statement))
        }
        return rows
    }

    var lastInsertRowID: Int64 {
        sqlite3_last_insert_rowid(handle)
    }

    var isInsideTransaction: Bool {
        handle != nil && sqlite3_get_autocommit(handle) == 0
    }

    func setBusyTimeout(milliseconds: Int32) {
        sqlite3_busy_timeout(handle, milliseconds)
    }

    func requireHandle() throws -> OpaquePointer {
        guard let handle else { throw CatalogError(.sqlite, "\(filePath): the catalog connection is closed") }
        return handle
    }

    func makeError(code: Int32, context: String) -> CatalogError {
        let text = handle.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            ?? String(cString: sqlite3_errstr(code))
        return CatalogError(Self.kind(ofResultCode: code),
                            "\(filePath): \(context): \(text) (SQLite result code \(code))")
    }

    static func kind(ofResultCode code: Int32) -> CatalogError.Kind {
        switch code & 0xff {
        case SQLITE_CORRUPT, SQLITE_NOTADB: .corrupt
        case SQLITE_CONSTRAINT: .constraint
        case SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_FULL, SQLITE_READONLY, SQLITE_PERM: .io
        default: .sqlite
        }
    }
}
