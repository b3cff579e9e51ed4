// quiver delete: deletes rows by id. Prints {"deleted":N}, N being how many of the ids were stored.

import ArgumentParser
import Quiver

struct DeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete rows by id.")

    @OptionGroup var target: CollectionOptions

    @Option(help: "Comma-separated ids, e.g. 1,2,3.")
    var ids: String

    func run() async throws {
        let deletedCount = try await withDatabase(at: target.data) { database in
            let collection = try database.collection(target.collection)
            return try await collection.delete(ids: try collection.parseKeys(ids))
        }
        Output.line(JSONText.object([("deleted", "\(deletedCount)")]))
    }
}
