// Catalog+Metadata: database-level settings as key/value text rows in the `metadata` table.
// Invariants: keys are unique; setting a key replaces its value in one committed write.
// Ownership: Catalog's package API; thread-safe through Catalog's Mutex.

extension Catalog {
    package func metadataValue(forKey key: String) throws -> String? {
        try read { connection in
            try connection.rows("SELECT value FROM metadata WHERE key = ?", [.text(key)]) { $0.text(at: 0) }.first
        }
    }

    package func setMetadataValue(_ value: String, forKey key: String) throws {
        try write { connection in
            try connection.run("""
                INSERT INTO metadata(key, value) VALUES (?, ?)
                ON CONFLICT(key) DO UPDATE SET value = excluded.value
                """, [.text(key), .text(value)])
        }
    }
}
