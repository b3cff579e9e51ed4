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
        Output.json([
            "rows": .int(Int64(stats.rowCount)),
            "segments": .int(Int64(stats.segmentCount)),
            "buffer_rows": .int(Int64(stats.bufferRowCount)),
            "deleted_rows": .int(Int64(stats.deletedRowCount)),
            "wal_bytes": .int(Int64(stats.walByteCount)),
            "last_sequence": .int(Int64(stats.lastSequence)),
            "checkpoint_sequence": .int(Int64(stats.checkpointSequence)),
            "replayed_records": .int(Int64(stats.replayedRecordCount)),
            "dropped_wal_bytes": .int(Int64(stats.droppedWALByteCount)),
        ])
    }
}
