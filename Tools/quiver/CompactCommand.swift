// quiver compact: seals the buffer, then merges segments and drops deleted rows, waiting until
// the result is published and committed. Prints what it did and the segment count after.

import ArgumentParser
import Quiver

struct CompactCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "compact", abstract: "Merge segments and drop deleted rows now.")

    @OptionGroup var target: CollectionOptions

    func run() async throws {
        let (summary, stats) = try await withDatabase(at: target.data) { database in
            let collection = try database.collection(target.collection)
            try await collection.flush()
            let summary = try await collection.compact()
            return (summary, await collection.statistics())
        }
        Output.json([
            "merges": .int(Int64(summary.mergeCount)),
            "input_segments": .int(Int64(summary.inputSegmentCount)),
            "rows_written": .int(Int64(summary.rowsWritten)),
            "deleted_rows_dropped": .int(Int64(summary.deletedRowsDropped)),
            "bytes_written": .int(Int64(summary.bytesWritten)),
            "segments": .int(Int64(stats.segmentCount)),
            "deleted_rows": .int(Int64(stats.deletedRowCount)),
        ])
    }
}
