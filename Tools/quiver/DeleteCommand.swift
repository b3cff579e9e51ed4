// quiver delete: deletes rows by id (--ids 1,2,3) or by filter expression (--filter 'age < 18'),
// one or the other. Prints {"deleted":N}: how many of the ids were stored, or how many rows
// matched the filter. With --partition P only rows stored in P are deleted.

import ArgumentParser
import Quiver

struct DeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete rows by id or by filter.")

    @OptionGroup var target: CollectionOptions

    @Option(help: "Comma-separated ids, e.g. 1,2,3.")
    var ids: String?

    @Option(help: "A boolean expression selecting the rows to delete, e.g. 'color == \"red\"'.")
    var filter: String?

    @OptionGroup var partition: PartitionTargetOption

    func validate() throws {
        guard (ids == nil) != (filter == nil) else { throw ValidationError("give exactly one of --ids and --filter") }
    }

    func run() async throws {
        let deletedCount = try await withDatabase(at: target.data) { database in
            let collection = try database.collection(target.collection)
            if let filter { return try await collection.delete(filter: filter, partition: partition.name) }
            guard let ids else { preconditionFailure("validate() requires --ids or --filter") }
            return try await collection.delete(ids: try collection.parseKeys(ids), partition: partition.name)
        }
        Output.json(["deleted": .int(Int64(deletedCount))])
    }
}
