// CatalogMigrations: the catalog schema as numbered migrations; `PRAGMA user_version` records how many
// have been applied. Migration N is `scripts[N - 1]`.
// Invariants: append only: never edit or reorder a shipped script, add a new entry instead; all pending
// scripts and the new user_version commit in one transaction; a catalog newer than this build is refused.
// Ownership: called once per open, from Catalog.open, before the Catalog is shared.

enum CatalogMigrations {
    static let scripts: [String] = [
        // 1: collections, their segments, and database-level metadata.
        // Sequences (checkpoint_sequence, min_sequence, max_sequence) are UInt64 stored as Int64 bit patterns.
        """
        CREATE TABLE collections (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            schema_json TEXT NOT NULL,
            created_at_ms INTEGER NOT NULL,
            checkpoint_sequence INTEGER NOT NULL DEFAULT 0,
            next_auto_id INTEGER NOT NULL DEFAULT 1,
            next_segment_id INTEGER NOT NULL DEFAULT 1
        );
        CREATE TABLE segments (
            collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
            segment_id INTEGER NOT NULL,
            file_name TEXT NOT NULL,
            row_count INTEGER NOT NULL,
            byte_count INTEGER NOT NULL,
            min_sequence INTEGER NOT NULL,
            max_sequence INTEGER NOT NULL,
            level INTEGER NOT NULL DEFAULT 0,
            deletion_file_name TEXT,
            deleted_count INTEGER NOT NULL DEFAULT 0,
            created_at_ms INTEGER NOT NULL,
            PRIMARY KEY (collection_id, segment_id)
        );
        CREATE TABLE metadata (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """,
        // 2: vector indexes: one spec per collection and vector field, and the index file built
        // for each segment (removed with its segment).
        """
        CREATE TABLE indexes (
            collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
            field_name TEXT NOT NULL,
            index_name TEXT NOT NULL,
            spec_json TEXT NOT NULL,
            created_at_ms INTEGER NOT NULL,
            PRIMARY KEY (collection_id, field_name)
        );
        CREATE TABLE segment_indexes (
            collection_id INTEGER NOT NULL,
            segment_id INTEGER NOT NULL,
            field_name TEXT NOT NULL,
            file_name TEXT NOT NULL,
            PRIMARY KEY (collection_id, segment_id, field_name),
            FOREIGN KEY (collection_id, segment_id) REFERENCES segments(collection_id, segment_id) ON DELETE CASCADE
        );
        """,
        // 3: aliases: another name for a collection, re-pointable without touching the data.
        """
        CREATE TABLE aliases (
            alias TEXT PRIMARY KEY,
            collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE
        );
        """,
        // 4: partitions other than `_default` (id 0, implicit in every collection).
        """
        CREATE TABLE partitions (
            collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
            partition_id INTEGER NOT NULL CHECK (partition_id > 0),
            name TEXT NOT NULL,
            created_at_ms INTEGER NOT NULL,
            PRIMARY KEY (collection_id, partition_id),
            UNIQUE (collection_id, name)
        );
        """,
    ]

    static var latestVersion: Int { scripts.count }

    static func migrate(_ state: inout CatalogState) throws {
        let filePath = try state.openConnection().filePath
        let storedVersion = try state.read(userVersion)
        guard storedVersion <= latestVersion else {
            throw CatalogError(.corrupt, "\(filePath): catalog schema version \(storedVersion) is newer than "
                               + "this build supports (\(latestVersion))")
        }
        guard storedVersion < latestVersion else { return }
        try state.write { connection in
            // Read again under the write lock: another process may have migrated meanwhile.
            let version = try userVersion(connection)
            guard version < latestVersion else { return }
            for number in (version + 1)...latestVersion {
                try connection.execute(scripts[number - 1], context: "applying catalog migration \(number)")
            }
            // Our own integer, not a caller value; PRAGMA cannot take bound parameters.
            try connection.execute("PRAGMA user_version = \(latestVersion)", context: "recording the schema version")
        }
    }

    static func userVersion(_ connection: SQLiteConnection) throws -> Int {
        Int(try connection.rows("PRAGMA user_version") { $0.int64(at: 0) }.first ?? 0)
    }
}
