// quiver index drop: removes a field's index (searches of the field become exact again) and
// prints {"dropped":"FIELD"}; exits 1 when the field has no index.

import ArgumentParser
import Quiver

struct IndexDropCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "drop", abstract: "Drop a vector index.")

    @OptionGroup var target: CollectionOptions

    @Option(help: "The vector field (default: the first vector field).")
    var field: String?

    func run() async throws {
        let fieldName = try await withDatabase(at: target.data) { database in
            let collection = try database.collection(target.collection)
            let fieldName = field ?? collection.schema.vectorFields.first?.name ?? ""
            try await collection.dropIndex(field: fieldName)
            return fieldName
        }
        Output.json(["dropped": .string(fieldName)])
    }
}
