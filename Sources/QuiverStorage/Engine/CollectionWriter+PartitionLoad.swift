// Partition load state (Milvus's `load_partitions` / `release_partitions`): the rules live in
// PartitionTable, which the VersionCell publishes with the Version, so a read sees names, ids and
// load state from one snapshot. Loading and releasing change only that published table, in one
// step under its lock, so they need no turn on the writer actor.
// Every name is checked first; an unknown one throws `.notFound` naming it and changes nothing.

extension CollectionWriter {
    package nonisolated func loadPartitions(_ names: [String]) throws(QuiverError) {
        let collection = name
        try versions.updatePartitions { (table: inout PartitionTable) throws(QuiverError) in
            table.load(try Self.ids(of: names, in: table, collection: collection))
        }
    }

    package nonisolated func releasePartitions(_ names: [String]) throws(QuiverError) {
        let collection = name
        try versions.updatePartitions { (table: inout PartitionTable) throws(QuiverError) in
            table.release(try Self.ids(of: names, in: table, collection: collection))
        }
    }

    private static func ids(of names: [String], in table: PartitionTable, collection: String) throws(QuiverError) -> Set<Int64> {
        guard !names.isEmpty else { throw QuiverError(.invalidArgument, "partition names: give at least one") }
        var ids = Set<Int64>()
        for name in names {
            guard let id = table.idsByName[name] else {
                throw QuiverError(.notFound, "partition '\(name.prefix(255))' does not exist in collection '\(collection)'")
            }
            ids.insert(id)
        }
        return ids
    }
}
