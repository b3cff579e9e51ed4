// Partitions: named subsets of a collection's rows that inserts target and reads can be scoped
// to. Each row carries its partition id (ColumnStore.partitionIDs); `_default` (id 0) always
// exists. Dropping a partition deletes its rows (one WAL delete record, like any delete) and
// then removes its catalog row; a crash between the two leaves an empty partition behind.

import QuiverCatalog

extension CollectionWriter {
    /// Milvus's default cap on partitions per collection.
    static let maxPartitionCount = 1024

    func partitionID(named name: String?) throws(QuiverError) -> Int64 {
        guard let name else { return 0 }
        guard let id = partitionIDs[name] else {
            throw QuiverError(.notFound, "partition '\(name.prefix(255))' does not exist in collection '\(self.name)'")
        }
        return id
    }

    /// Ids of the named partitions, for scoping reads; nil or empty means every partition.
    package func partitionIDSet(named names: [String]?) throws(QuiverError) -> Set<Int64>? {
        guard let names, !names.isEmpty else { return nil }
        var ids = Set<Int64>()
        for name in names { ids.insert(try partitionID(named: name)) }
        return ids
    }

    package func partitionNames() -> [String] {
        partitionIDs.sorted { $0.value < $1.value }.map(\.key)
    }

    package func createPartition(_ name: String) throws {
        try checkUsable()
        try CollectionSchema.validateName(name, what: "partition name")
        guard partitionIDs[name] == nil else {
            throw QuiverError(.alreadyExists, "partition '\(name)' already exists in collection '\(self.name)'")
        }
        guard partitionIDs.count < Self.maxPartitionCount else {
            throw QuiverError(.invalidArgument, "collection '\(self.name)' has \(partitionIDs.count) partitions; the limit is \(Self.maxPartitionCount)")
        }
        do {
            partitionIDs[name] = try catalog.createPartition(collectionID: collectionID, name: name, createdAtMs: currentTimeMs())
        } catch {
            throw QuiverError(.io, "recording partition '\(name)': \(error)")
        }
    }

    /// Deletes every row of the partition, then the partition. `_default` cannot be dropped.
    package func dropPartition(_ name: String) async throws {
        try checkUsable()
        guard name != Self.defaultPartition else {
            throw QuiverError(.invalidArgument, "partition '_default' cannot be dropped")
        }
        let id = try partitionID(named: name)
        // Apply everything appended so far, so no pending insert into this partition is missed.
        try syncLogNow()
        applyPending(through: durableSequence)
        var keys: [PrimaryKey] = []
        for state in stores.values {
            for row in 0..<state.rowCount where !state.deleted[row] && state.store.partitionIDs[row] == id {
                keys.append(state.store.keys[row])
            }
        }
        partitionIDs[name] = nil
        versions.forgetPartition(id)
        if !keys.isEmpty { _ = try await delete(keys: keys) }
        do {
            try catalog.dropPartition(collectionID: collectionID, name: name)
        } catch {
            partitionIDs[name] = id   // still in the catalog: keep it addressable
            throw QuiverError(.io, "dropping partition '\(name)': \(error)")
        }
    }

    /// Live rows in one partition.
    package func partitionRowCount(_ name: String) throws -> Int {
        let id = try partitionID(named: name)
        return stores.values.reduce(0) { total, state in
            var count = 0
            for row in 0..<state.rowCount where !state.deleted[row] && state.store.partitionIDs[row] == id { count += 1 }
            return total + count
        }
    }

    func setPartitions(_ named: [(id: Int64, name: String)]) {
        for partition in named { partitionIDs[partition.name] = partition.id }
    }
}
