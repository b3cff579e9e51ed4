// Catalog+Segments: a collection's segment rows and the commit that changes them.
// Invariants: a commit applies entirely or not at all (one write transaction); a checkpoint never moves
// backwards; next_auto_id and next_segment_id never decrease, and next_segment_id stays above every
// committed segment id; sequences are compared in Swift (UInt64), never in SQL, since they are stored
// as Int64 bit patterns.
// Ownership: Catalog's package API; thread-safe through Catalog's Mutex.

extension Catalog {
    /// The collection's segments, ordered by segment id.
    package func segments(collectionID: Int64) throws -> [SegmentRecord] {
        try read { connection in
            try connection.rows("""
                SELECT collection_id, segment_id, file_name, row_count, byte_count, min_sequence, max_sequence,
                       level, deletion_file_name, deleted_count, created_at_ms
                FROM segments WHERE collection_id = ? ORDER BY segment_id
                """, [.integer(collectionID)], decode: Self.decodeSegment)
        }
    }

    /// Every file name the catalog references for a collection (segment files and deletion files):
    /// used to remove unreferenced files at open.
    package func referencedFileNames(collectionID: Int64) throws -> Set<String> {
        try read { connection in
            let pairs = try connection.rows(
                "SELECT file_name, deletion_file_name FROM segments WHERE collection_id = ?",
                [.integer(collectionID)]) { row in (row.text(at: 0), row.optionalText(at: 1)) }
            var names = Set<String>()
            for (fileName, deletionFileName) in pairs {
                names.insert(fileName)
                if let deletionFileName { names.insert(deletionFileName) }
            }
            let indexFiles = try connection.rows("SELECT file_name FROM segment_indexes WHERE collection_id = ?",
                                                 [.integer(collectionID)]) { $0.text(at: 0) }
            names.formUnion(indexFiles)
            return names
        }
    }

    /// Applies everything one flush or merge changes in one transaction. Throws `.notFound` for an unknown
    /// collection or segment, `.constraint` for a lower checkpoint, a duplicate segment id or a segment of
    /// another collection; in every case nothing is applied.
    package func commit(_ commit: CatalogCommit) throws {
        try write { connection in
            let collectionID = commit.collectionID
            guard let current = try Self.fetchCollection(id: collectionID, in: connection) else {
                throw CatalogError(.notFound, "\(connection.filePath): commit names unknown collection \(collectionID)")
            }
            if let checkpoint = commit.checkpointSequence, checkpoint < current.checkpointSequence {
                throw CatalogError(.constraint, "\(connection.filePath): collection \(collectionID): checkpoint "
                                   + "\(checkpoint) is lower than the stored \(current.checkpointSequence)")
            }
            for segmentID in commit.removedSegmentIDs {
                try connection.run("DELETE FROM segment_indexes WHERE collection_id = ? AND segment_id = ?",
                                   [.integer(collectionID), .integer(segmentID)])
                let removedRowCount = try connection.run(
                    "DELETE FROM segments WHERE collection_id = ? AND segment_id = ?",
                    [.integer(collectionID), .integer(segmentID)])
                guard removedRowCount == 1 else {
                    throw CatalogError(.notFound, "\(connection.filePath): collection \(collectionID) has no "
                                       + "segment \(segmentID) to remove")
                }
            }
            for segment in commit.addedSegments {
                try Self.insert(segment, into: collectionID, in: connection)
            }
            for update in commit.deletionUpdates {
                let updatedRowCount = try connection.run("""
                    UPDATE segments SET deletion_file_name = ?, deleted_count = ?
                    WHERE collection_id = ? AND segment_id = ?
                    """, [.text(update.deletionFileName), .integer(update.deletedCount),
                          .integer(collectionID), .integer(update.segmentID)])
                guard updatedRowCount == 1 else {
                    throw CatalogError(.notFound, "\(connection.filePath): collection \(collectionID) has no "
                                       + "segment \(update.segmentID) to update")
                }
            }
            for index in commit.addedSegmentIndexes {
                try connection.run(
                    "INSERT OR REPLACE INTO segment_indexes(collection_id, segment_id, field_name, file_name) VALUES (?, ?, ?, ?)",
                    [.integer(collectionID), .integer(index.segmentID), .text(index.fieldName), .text(index.fileName)])
            }
            let largestAddedID = commit.addedSegments.map(\.segmentID).max()
            let nextSegmentID = max(current.nextSegmentID, commit.nextSegmentID ?? .min,
                                    largestAddedID.map { $0 == .max ? .max : $0 + 1 } ?? .min)
            try connection.run("""
                UPDATE collections SET checkpoint_sequence = ?, next_auto_id = ?, next_segment_id = ? WHERE id = ?
                """, [.sequence(commit.checkpointSequence ?? current.checkpointSequence),
                      .integer(max(current.nextAutoID, commit.nextAutoID ?? .min)),
                      .integer(nextSegmentID), .integer(collectionID)])
        }
    }

    private static func insert(_ segment: SegmentRecord, into collectionID: Int64,
                               in connection: SQLiteConnection) throws {
        guard segment.collectionID == collectionID else {
            throw CatalogError(.constraint, "\(connection.filePath): segment \(segment.segmentID) belongs to "
                               + "collection \(segment.collectionID), not to the committed collection \(collectionID)")
        }
        try connection.run("""
            INSERT INTO segments(collection_id, segment_id, file_name, row_count, byte_count, min_sequence,
                                 max_sequence, level, deletion_file_name, deleted_count, created_at_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.integer(collectionID), .integer(segment.segmentID), .text(segment.fileName),
                  .integer(segment.rowCount), .integer(segment.byteCount), .sequence(segment.minSequence),
                  .sequence(segment.maxSequence), .integer(Int64(segment.level)),
                  .optionalText(segment.deletionFileName), .integer(segment.deletedCount),
                  .integer(segment.createdAtMs)])
    }

    static func decodeSegment(_ row: SQLiteStatement) -> SegmentRecord {
        SegmentRecord(collectionID: row.int64(at: 0), segmentID: row.int64(at: 1), fileName: row.text(at: 2),
                      rowCount: row.int64(at: 3), byteCount: row.int64(at: 4), minSequence: row.sequence(at: 5),
                      maxSequence: row.sequence(at: 6), level: Int(row.int64(at: 7)),
                      deletionFileName: row.optionalText(at: 8), deletedCount: row.int64(at: 9),
                      createdAtMs: row.int64(at: 10))
    }
}
