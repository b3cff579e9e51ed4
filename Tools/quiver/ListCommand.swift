// quiver list: prints {"collections":[...]}, the names of the database's collections.

import ArgumentParser
import Quiver

struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List collections.")

    @OptionGroup var target: DataDirectoryOptions

    func run() async throws {
        let names = try await withDatabase(at: target.data) { database in try database.listCollections() }
        Output.line(JSONText.object([("collections", JSONText.array(names.map(JSONText.string)))]))
    }
}
