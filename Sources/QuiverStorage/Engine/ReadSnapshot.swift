// ReadSnapshot: one consistent view of a collection for a read (search, query, count, get):
// the Version it scans, the name it answers under, and the partitions with their load state,
// all taken from the VersionCell under one lock. Reads resolve everything from it, with no
// await on the writer; the writer resolves partition names for writes the same way.
// Invariants: immutable; partition ids it names are the ones the Version's rows carry.

package struct ReadSnapshot: Sendable {
    package let name: String
    package let version: Version
    package let partitions: PartitionTable

    package var schema: CollectionSchema { version.schema }

    // MARK: Partitions by name

    package func partitionID(named partition: String) throws(QuiverError) -> Int64 {
        guard let id = partitions.idsByName[partition] else {
            throw QuiverError(.notFound, "partition '\(partition.prefix(255))' does not exist in collection '\(name)'")
        }
        return id
    }

    /// Partition-key collections route by value; naming a partition is an error there.
    package func refuseNamedPartition(_ partition: String) throws(QuiverError) {
        guard let field = schema.partitionKeyField else { return }
        throw QuiverError(.invalidArgument, "partition '\(partition.prefix(255))': collection '\(name)' routes rows by its partition key field '\(field.name)', so partitions cannot be named; filter on '\(field.name)' instead")
    }

    /// Ids of the named partitions, whatever their load state; nil or empty means every partition.
    package func partitionIDSet(named names: [String]?) throws(QuiverError) -> Set<Int64>? {
        guard let names, !names.isEmpty else { return nil }
        var ids = Set<Int64>()
        for partition in names {
            try refuseNamedPartition(partition)
            ids.insert(try partitionID(named: partition))
        }
        return ids
    }

    /// The loaded partitions among `names` (nil or empty: among all), for scoping a read.
    /// nil means every partition (nothing released). Naming a released one throws.
    package func readablePartitionIDs(named names: [String]?) throws(QuiverError) -> Set<Int64>? {
        let released = partitions.releasedIDs
        guard let names, !names.isEmpty else {
            return released.isEmpty ? nil : partitions.allIDs.subtracting(released)
        }
        var ids = Set<Int64>()
        for partition in names {
            try refuseNamedPartition(partition)
            let id = try partitionID(named: partition)
            if released.contains(id) {
                throw QuiverError(.partitionNotLoaded, "partition '\(partition)' of collection '\(name)' is released; load it before searching or querying")
            }
            ids.insert(id)
        }
        return ids
    }

    /// Live rows in one partition.
    package func liveRowCount(inPartition partition: String) throws(QuiverError) -> Int {
        let id = try partitionID(named: partition)
        return version.stores.reduce(0) { total, snapshot in
            var count = 0
            for row in 0..<snapshot.rowCount where !snapshot.deleted[row] && snapshot.store.partitionIDs[row] == id { count += 1 }
            return total + count
        }
    }

    // MARK: Rows by key

    /// The visible row of each key that has one, in the order of `keys` (a key given twice is
    /// found twice): the store's index in `version.stores` and the row.
    package func locate(_ keys: [PrimaryKey]) -> [(key: PrimaryKey, storeIndex: Int, row: Int)] {
        keys.compactMap { key in
            for (index, snapshot) in version.stores.enumerated() {
                if let row = snapshot.store.row(of: key, rowCount: snapshot.rowCount, deleted: snapshot.deleted) {
                    return (key, index, row)
                }
            }
            return nil
        }
    }
}
