// SQLiteStatement: one prepared statement, its parameter binding and its column readers.
// Invariants: values are only ever bound, never spliced into SQL; text is bound with
// SQLITE_TRANSIENT so SQLite copies it before the Swift string's buffer goes away.
// Ownership: short-lived, created by SQLiteConnection.prepare and used under the Catalog's Mutex.

import CSQLite

/// SQLite's "copy this buffer now" destructor; the C macro does not import into Swift.
let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A value bound to a `?` parameter.
enum SQLiteValue {
    case integer(Int64)
    case text(String)
    case null

    static func optionalText(_ text: String?) -> SQLiteValue {
        text.map { .text($0) } ?? .null
    }

    /// UInt64 sequences are stored as the Int64 with the same bit pattern.
    static func sequence(_ value: UInt64) -> SQLiteValue {
        .integer(Int64(bitPattern: value))
    }
}

final class SQLiteStatement {
    private let connection: SQLiteConnection
    private let handle: OpaquePointer
    private let sql: String

    init(connection: SQLiteConnection, sql: String) throws {
        var handle: OpaquePointer?
        let code = sqlite3_prepare_v2(try connection.requireHandle(), sql, -1, &handle, nil)
        guard code == SQLITE_OK, let handle else {
            sqlite3_finalize(handle)
            throw connection.makeError(code: code, context: "preparing \(Self.summary(of: sql))")
        }
        self.connection = connection
        self.handle = handle
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Binds `values` to parameters 1...count.
    func bind(_ values: [SQLiteValue]) throws {
        precondition(values.count == Int(sqlite3_bind_parameter_count(handle)),
                     "parameter count mismatch for \(sql)")
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .integer(let integer):
                code = sqlite3_bind_int64(handle, index, integer)
            case .text(let text):
                code = sqlite3_bind_text(handle, index, text, Int32(text.utf8.count), SQLITE_TRANSIENT)
            case .null:
                code = sqlite3_bind_null(handle, index)
            }
            guard code == SQLITE_OK else {
                throw connection.makeError(code: code, context: "binding \(Self.summary(of: sql))")
            }
        }
    }

    /// Advances one row: true when a row is available, false when the statement is done.
    func step() throws -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw connection.makeError(code: code, context: "running \(Self.summary(of: sql))")
        }
    }

    func int64(at column: Int32) -> Int64 {
        sqlite3_column_int64(handle, column)
    }

    func sequence(at column: Int32) -> UInt64 {
        UInt64(bitPattern: sqlite3_column_int64(handle, column))
    }

    func text(at column: Int32) -> String {
        optionalText(at: column) ?? ""
    }

    func optionalText(at column: Int32) -> String? {
        guard let bytes = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// The statement's first words, for error messages (never its bound values).
    private static func summary(of sql: String) -> String {
        let words = sql.split(whereSeparator: \.isWhitespace).prefix(4)
        return "'" + words.joined(separator: " ") + "'"
    }
}
