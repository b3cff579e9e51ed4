// quiver partition: creates, drops and lists the partitions of a collection.
//   create --partition P   prints {"created":"P"}
//   drop --partition P     deletes P's rows and P; prints {"dropped":"P"} (`_default` cannot be dropped)
//   list                   prints one {"partition":"NAME","rows":N} line per partition, `_default` first
// A collection with a partition-key field lists its hidden partitions `_default_0`... and refuses
// create and drop (its rows are routed by key).

import ArgumentParser
import Quiver

struct PartitionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partition", abstract: "Create, drop or list partitions.",
        subcommands: [PartitionCreateCommand.self, PartitionDropCommand.self, PartitionListCommand.self])
}

struct PartitionCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a partition.")

    @OptionGroup var target: CollectionOptions

    @Option(help: "The new partition's name.")
    var partition: String

    func run() async throws {
        try await withDatabase(at: target.data) { database in
            try await database.collection(target.collection).createPartition(partition)
        }
        Output.json(["created": .string(partition)])
    }
}

struct PartitionDropCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "drop", abstract: "Delete a partition and its rows.")

    @OptionGroup var target: CollectionOptions

    @Option(help: "The partition to drop.")
    var partition: String

    func run() async throws {
        try await withDatabase(at: target.data) { database in
            try await database.collection(target.collection).dropPartition(partition)
        }
        Output.json(["dropped": .string(partition)])
    }
}

struct PartitionListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List partitions with their row counts.")

    @OptionGroup var target: CollectionOptions

    func run() async throws {
        let partitions = try await withDatabase(at: target.data) { database in
            let collection = try database.collection(target.collection)
            var counted: [(name: String, rowCount: Int)] = []
            for name in await collection.listPartitions() {
                counted.append((name, try await collection.rowCount(partition: name)))
            }
            return counted
        }
        for partition in partitions {
            Output.json(["partition": .string(partition.name), "rows": .int(Int64(partition.rowCount))])
        }
    }
}
