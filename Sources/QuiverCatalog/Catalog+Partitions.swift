// Catalog+Partitions: the named partitions of a collection. `_default` (id 0) is implicit and
// never stored; ids of created partitions start at 1 and are never reused within a collection,
// so a row's partition id in a segment can never come to mean another partition.
// Ownership: Catalog's package API; thread-safe through Catalog's Mutex.

extension Catalog {
    package func partitions(collectionID: Int64) throws -> [(id: Int64, name: String)] {
        try read { connection in
            try connection.rows("SELECT partition_id, name FROM partitions WHERE collection_id = ? ORDER BY partition_id",
                                [.integer(collectionID)]) { ($0.int64(at: 0), $0.text(at: 1)) }
        }
    }

    /// Creates a partition and returns its id; `.constraint` if the name exists.
    package func createPartition(collectionID: Int64, name: String, createdAtMs: Int64) throws -> Int64 {
        try write { connection in
            let existing = try connection.rows("SELECT COUNT(*) FROM partitions WHERE collection_id = ? AND name = ?",
                                               [.integer(collectionID), .text(name)]) { $0.int64(at: 0) }
            guard existing.first == 0 else {
                throw CatalogError(.constraint, "\(connection.filePath): partition '\(name)' exists in collection \(collectionID)")
            }
            // Ids are never reused: one above the largest ever handed out (kept in metadata).
            let key = "partition_next_id_\(collectionID)"
            let stored = try connection.rows("SELECT value FROM metadata WHERE key = ?", [.text(key)]) { $0.text(at: 0) }
            let largest = try connection.rows("SELECT COALESCE(MAX(partition_id), 0) FROM partitions WHERE collection_id = ?",
                                              [.integer(collectionID)]) { $0.int64(at: 0) }
            let id = max(stored.first.flatMap { Int64($0) } ?? 1, (largest.first ?? 0) + 1)
            try connection.run("INSERT INTO partitions(collection_id, partition_id, name, created_at_ms) VALUES (?, ?, ?, ?)",
                               [.integer(collectionID), .integer(id), .text(name), .integer(createdAtMs)])
            try connection.run("INSERT OR REPLACE INTO metadata(key, value) VALUES (?, ?)", [.text(key), .text(String(id + 1))])
            return id
        }
    }

    package func dropPartition(collectionID: Int64, name: String) throws {
        try write { connection in
            let removed = try connection.run("DELETE FROM partitions WHERE collection_id = ? AND name = ?",
                                             [.integer(collectionID), .text(name)])
            guard removed == 1 else {
                throw CatalogError(.notFound, "\(connection.filePath): no partition '\(name)' in collection \(collectionID)")
            }
        }
    }
}
