// quiver index describe: prints the index of --field, or of every indexed field (one JSON line
// each, see IndexCommand.swift); exits 1 when there is none.

import ArgumentParser
import Quiver

struct IndexDescribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "describe", abstract: "Print a collection's vector indexes.")

    @OptionGroup var target: CollectionOptions

    @Option(help: "The vector field (default: every indexed field).")
    var field: String?

    func run() async throws {
        let statuses = try await withDatabase(at: target.data) { database in
            try await IndexText.statuses(of: try database.collection(target.collection), field: field)
        }
        for status in statuses { Output.line(IndexText.line(for: status)) }
    }
}
