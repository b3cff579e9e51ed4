// --partition on the data commands: the partition a write goes to or a read is scoped to.
// Reads (search, query, count, get) take a comma list ("p1,p2"); writes and deletes take one
// name. Names are checked by the library, whose errors name the partition and the collection.

import ArgumentParser
import Foundation

struct PartitionScopeOption: ParsableArguments {
    @Option(name: .customLong("partition"), help: "Only these partitions (comma-separated names).")
    var list: String?

    /// The names, or nil for every partition.
    func names() throws -> [String]? {
        guard let list else { return nil }
        let names = list.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        if let empty = names.firstIndex(where: \.isEmpty) {
            throw ValidationError("--partition '\(list.prefix(255))': name \(empty + 1) is empty; give names like p1,p2")
        }
        return names
    }
}

struct PartitionTargetOption: ParsableArguments {
    @Option(name: .customLong("partition"), help: "The partition (default: _default, or by partition key).")
    var name: String?

    func validate() throws {
        if let name, name.contains(",") {
            throw ValidationError("--partition '\(name.prefix(255))': this command takes one partition name, not a list")
        }
    }
}
