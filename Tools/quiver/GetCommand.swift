// quiver get: prints the stored rows of the given ids, one JSON object per line in the order of
// --ids, skipping ids that are not stored: {"id":1,"vector":[...]} plus any other fields, as
// Milvus's REST get returns them (RowCodec): the schema's fields in schema order, then the
// dynamic field's keys flattened into the row. With --partition
// p1,p2 only rows stored in those partitions are printed.

import ArgumentParser
import Quiver
import QuiverMilvus

struct GetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Print rows by id.")

    @OptionGroup var target: CollectionOptions

    @Option(help: "Comma-separated ids, e.g. 1,2,3.")
    var ids: String

    @OptionGroup var partitions: PartitionScopeOption

    func run() async throws {
        let partitionNames = try partitions.names()
        try await withDatabase(at: target.data) { database in
            let collection = try database.collection(target.collection)
            let keys = try collection.parseKeys(ids)
            let rows = try await collection.get(ids: keys, partitions: partitionNames)
            let everything = try OutputSelection(["*"], schema: collection.schema)
            for row in rows {
                Output.json(RowCodec.json(of: row, schema: collection.schema, selection: everything, int64AsString: false))
            }
        }
    }
}
