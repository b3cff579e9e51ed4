// quiver stats: one JSON object of a collection's counters, as of right after this open
// (replayed_records and dropped_wal_bytes describe the recovery this very open did).

import ArgumentParser
import Quiver

struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Print a collection's counters.")

    @OptionGroup var target: CollectionOptions

    func run() async throws {
        let stats = try await withDatabase(at: target.data) { database in
            try await database.collection(target.collection).statistics()
        }
        Output.line(JSONText.object([
            ("rows", "\(stats.rowCount)"),
            ("segments", "\(stats.segmentCount)"),
            ("buffer_rows", "\(stats.bufferRowCount)"),
            ("deleted_rows", "\(stats.deletedRowCount)"),
            ("wal_bytes", "\(stats.walByteCount)"),
            ("last_sequence", "\(stats.lastSequence)"),
            ("checkpoint_sequence", "\(stats.checkpointSequence)"),
            ("replayed_records", "\(stats.replayedRecordCount)"),
            ("dropped_wal_bytes", "\(stats.droppedWALByteCount)"),
        ]))
    }
}
