// quiver count: prints {"count":N}, the live rows matching --filter (every live row without it),
// in the partitions of --partition p1,p2 (every partition without it).

import ArgumentParser
import Quiver

struct CountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "count", abstract: "Count the rows matching a filter.")

    @OptionGroup var target: CollectionOptions

    @Option(help: "A boolean expression (default: count every row).")
    var filter = ""

    @OptionGroup var partitions: PartitionScopeOption

    func run() async throws {
        let partitionNames = try partitions.names()
        let count = try await withDatabase(at: target.data) { database in
            try await database.collection(target.collection).count(filter: filter, partitions: partitionNames)
        }
        Output.json(["count": .int(Int64(count))])
    }
}
