// quiver compact: seals the buffer, then merges segments and drops deleted rows, waiting until
// the result is published and committed, then builds the index of every segment that should
// have one and lacks it (a merge output is indexed anew; a CLI process does not live long enough
// for the background index pass). Prints what it did and the segment count after.

import ArgumentParser
import Quiver

struct CompactCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "compact",
                                                    abstract: "Merge segments, drop deleted rows and build the indexes the merged segments need, now.")

    @OptionGroup var target: CollectionOptions

    func run() async throws {
        let (summary, stats) = try await withDatabase(at: target.data) { database in
            let collection = try database.collection(target.collection)
            try await collection.flush()
            let summary = try await collection.compact()
            let built = try await collection.buildIndexes()
            return ((summary, built), await collection.statistics())
        }
        let (merged, indexesBuilt) = summary
        Output.json([
            "merges": .int(Int64(merged.mergeCount)),
            "input_segments": .int(Int64(merged.inputSegmentCount)),
            "rows_written": .int(Int64(merged.rowsWritten)),
            "deleted_rows_dropped": .int(Int64(merged.deletedRowsDropped)),
            "bytes_written": .int(Int64(merged.bytesWritten)),
            "indexes_built": .int(Int64(indexesBuilt)),
            "segments": .int(Int64(stats.segmentCount)),
            "deleted_rows": .int(Int64(stats.deletedRowCount)),
        ])
    }
}
