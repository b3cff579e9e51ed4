// Catalog+Indexes: the vector index configured per collection and field, and the index files
// built for segments. An index row is created before any segment index file names it; dropping
// an index removes its segment index rows in the same transaction and returns their file names
// so the caller can delete the files (files the catalog no longer names are removed at open).
// Ownership: Catalog's package API; thread-safe through Catalog's Mutex.

extension Catalog {
    /// Records an index for a field; `.constraint` when the field already has one.
    package func createIndex(_ record: IndexRecord) throws {
        try write { connection in
            let existing = try connection.rows(
                "SELECT COUNT(*) FROM indexes WHERE collection_id = ? AND field_name = ?",
                [.integer(record.collectionID), .text(record.fieldName)]) { $0.int64(at: 0) }
            guard existing.first == 0 else {
                throw CatalogError(.constraint, "\(connection.filePath): field '\(record.fieldName)' of collection "
                                   + "\(record.collectionID) already has an index")
            }
            try connection.run("""
                INSERT INTO indexes(collection_id, field_name, index_name, spec_json, created_at_ms)
                VALUES (?, ?, ?, ?, ?)
                """, [.integer(record.collectionID), .text(record.fieldName), .text(record.indexName),
                      .text(record.specJSON), .integer(record.createdAtMs)])
        }
    }

    /// Removes a field's index and its segment index rows; returns the index file names.
    package func dropIndex(collectionID: Int64, fieldName: String) throws -> [String] {
        try write { connection in
            let files = try connection.rows(
                "SELECT file_name FROM segment_indexes WHERE collection_id = ? AND field_name = ?",
                [.integer(collectionID), .text(fieldName)]) { $0.text(at: 0) }
            try connection.run("DELETE FROM segment_indexes WHERE collection_id = ? AND field_name = ?",
                               [.integer(collectionID), .text(fieldName)])
            let removed = try connection.run("DELETE FROM indexes WHERE collection_id = ? AND field_name = ?",
                                             [.integer(collectionID), .text(fieldName)])
            guard removed == 1 else {
                throw CatalogError(.notFound, "\(connection.filePath): field '\(fieldName)' of collection "
                                   + "\(collectionID) has no index")
            }
            return files
        }
    }

    package func indexes(collectionID: Int64) throws -> [IndexRecord] {
        try read { connection in
            try connection.rows("""
                SELECT collection_id, field_name, index_name, spec_json, created_at_ms
                FROM indexes WHERE collection_id = ? ORDER BY field_name
                """, [.integer(collectionID)]) { row in
                IndexRecord(collectionID: row.int64(at: 0), fieldName: row.text(at: 1), indexName: row.text(at: 2),
                            specJSON: row.text(at: 3), createdAtMs: row.int64(at: 4))
            }
        }
    }

    package func segmentIndexes(collectionID: Int64) throws -> [SegmentIndexRecord] {
        try read { connection in
            try connection.rows("""
                SELECT segment_id, field_name, file_name FROM segment_indexes
                WHERE collection_id = ? ORDER BY segment_id, field_name
                """, [.integer(collectionID)]) { row in
                SegmentIndexRecord(segmentID: row.int64(at: 0), fieldName: row.text(at: 1), fileName: row.text(at: 2))
            }
        }
    }
}
