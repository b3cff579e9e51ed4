// Catalog+Collections: creating, listing and dropping collections.
// Invariants: names are unique (`.constraint` otherwise); dropping a collection removes its segment rows
// in the same transaction; lists are ordered by id.
// Ownership: Catalog's package API; thread-safe through Catalog's Mutex.

extension Catalog {
    /// Throws `.constraint` if a collection with this name exists.
    package func createCollection(name: String, schemaJSON: String, createdAtMs: Int64) throws -> CollectionRecord {
        try write { connection in
            try connection.run("INSERT INTO collections(name, schema_json, created_at_ms) VALUES (?, ?, ?)",
                               [.text(name), .text(schemaJSON), .integer(createdAtMs)])
            guard let record = try Self.fetchCollection(id: connection.lastInsertRowID, in: connection) else {
                preconditionFailure("the collection row just inserted is missing")
            }
            return record
        }
    }

    /// Removes the collection and its segment rows; throws `.notFound` if there is no such collection.
    package func dropCollection(id: Int64) throws {
        try write { connection in
            // Foreign keys cascade too; deleting explicitly keeps this correct without relying on the pragma.
            try connection.run("DELETE FROM aliases WHERE collection_id = ?", [.integer(id)])
            try connection.run("DELETE FROM partitions WHERE collection_id = ?", [.integer(id)])
            try connection.run("DELETE FROM segment_indexes WHERE collection_id = ?", [.integer(id)])
            try connection.run("DELETE FROM indexes WHERE collection_id = ?", [.integer(id)])
            try connection.run("DELETE FROM segments WHERE collection_id = ?", [.integer(id)])
            let changedRowCount = try connection.run("DELETE FROM collections WHERE id = ?", [.integer(id)])
            guard changedRowCount == 1 else {
                throw CatalogError(.notFound, "\(connection.filePath): no collection with id \(id)")
            }
        }
    }

    package func collections() throws -> [CollectionRecord] {
        try read { connection in
            try connection.rows("SELECT \(Self.collectionColumns) FROM collections ORDER BY id",
                                decode: Self.decodeCollection)
        }
    }

    package func collection(named name: String) throws -> CollectionRecord? {
        try read { connection in
            try connection.rows("SELECT \(Self.collectionColumns) FROM collections WHERE name = ?",
                                [.text(name)], decode: Self.decodeCollection).first
        }
    }

    package func collection(id: Int64) throws -> CollectionRecord? {
        try read { connection in try Self.fetchCollection(id: id, in: connection) }
    }

    static func fetchCollection(id: Int64, in connection: SQLiteConnection) throws -> CollectionRecord? {
        try connection.rows("SELECT \(collectionColumns) FROM collections WHERE id = ?",
                            [.integer(id)], decode: decodeCollection).first
    }

    /// Column list shared by every collection query; `decodeCollection` reads them in this order.
    static let collectionColumns =
        "id, name, schema_json, created_at_ms, checkpoint_sequence, next_auto_id, next_segment_id"

    static func decodeCollection(_ row: SQLiteStatement) -> CollectionRecord {
        CollectionRecord(id: row.int64(at: 0), name: row.text(at: 1), schemaJSON: row.text(at: 2),
                         createdAtMs: row.int64(at: 3), checkpointSequence: row.sequence(at: 4),
                         nextAutoID: row.int64(at: 5), nextSegmentID: row.int64(at: 6))
    }
}
