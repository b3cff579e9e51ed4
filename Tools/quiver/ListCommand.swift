// quiver list: prints {"collections":[...]}, the names of the database's collections.

import ArgumentParser
import Quiver
import QuiverJSON

struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List collections.")

    @OptionGroup var target: DataDirectoryOptions

    func run() async throws {
        let names = try await withDatabase(at: target.data) { database in try database.listCollections() }
        Output.json(["collections": .array(names.map(JSONValue.string))])
    }
}
