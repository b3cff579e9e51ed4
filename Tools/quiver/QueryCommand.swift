// quiver query: prints the rows matching a filter expression (Milvus's boolean expression
// language, Sources/QuiverFilter/FilterGrammar.md), one JSON object per line, as Milvus's REST query returns
// rows (RowCodec: schema fields in schema order, then dynamic keys flattened):
//   quiver query --data D --collection C --filter 'age > 30 and color == "red"' --output-fields id,age
// --filter "" matches every row. Rows come in storage order; --offset skips, --limit caps;
// --partition p1,p2 reads only those partitions.

import ArgumentParser
import Foundation
import Quiver
import QuiverJSON
import QuiverMilvus

struct QueryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "query", abstract: "Print the rows matching a filter.")

    /// Lines are written in chunks of about this size (one write(2) each).
    static let outputChunkByteCount = 64 * 1024

    @OptionGroup var target: CollectionOptions

    @Option(help: "A boolean expression, e.g. 'age > 30 and color in [\"red\", \"blue\"]' (\"\" matches every row).")
    var filter: String

    @Option(name: .customLong("output-fields"), help: "Comma-separated fields to print (default: all; dynamic keys allowed).")
    var outputFields: String?

    @Option(help: "Print at most this many rows.")
    var limit: Int?

    @Option(help: "Skip this many matching rows first.")
    var offset = 0

    @OptionGroup var partitions: PartitionScopeOption

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be >= 0") }
        guard offset >= 0 else { throw ValidationError("--offset must be >= 0") }
    }

    func run() async throws {
        let partitionNames = try partitions.names()
        try await withDatabase(at: target.data) { database in
            let collection = try database.collection(target.collection)
            let schema = collection.schema
            let requested = outputFields.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? ["*"]
            let selection = try OutputSelection(requested, schema: schema)
            let rows = try await collection.query(filter: filter, outputFields: selection.engineFields,
                                                  limit: limit, offset: offset, partitions: partitionNames)
            var chunk = ""
            for row in rows {
                chunk += JSONWriter.string(of: .object(RowCodec.json(of: row, schema: schema, selection: selection, int64AsString: false)))
                chunk += "\n"
                if chunk.utf8.count >= Self.outputChunkByteCount {
                    Output.line(String(chunk.dropLast()))
                    chunk = ""
                }
            }
            if !chunk.isEmpty { Output.line(String(chunk.dropLast())) }
        }
    }
}
