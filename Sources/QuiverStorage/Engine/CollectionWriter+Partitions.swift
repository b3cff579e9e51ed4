// Partitions: named subsets of a collection's rows that inserts target and reads can be scoped
// to. Each row carries its partition id (ColumnStore.partitionIDs); `_default` (id 0) always
// exists. Dropping a partition deletes its rows (one WAL delete record, like any delete) and
// then removes its catalog row; a crash between the two leaves an empty partition behind.
// A partition-key collection (see PartitionKeyRouting) has only its hidden partitions, derived
// from the schema: callers cannot create or drop partitions in it, nor name one on a write or a
// read (Milvus refuses the same); reads are pruned to partitions by the filter instead.

import QuiverCatalog

extension CollectionWriter {
    /// Milvus's default cap on partitions per collection.
    static let maxPartitionCount = 1024

    /// The partition a write names (nil: `_default`, or routing by key in a partition-key collection).
    func targetPartitionID(named name: String?) throws(QuiverError) -> Int64 {
        guard let name else { return 0 }
        try refuseNamedPartition(name)
        return try partitionID(named: name)
    }

    func partitionID(named name: String) throws(QuiverError) -> Int64 {
        try versions.snapshot.partitionID(named: name)
    }

    func refuseNamedPartition(_ name: String) throws(QuiverError) {
        try versions.snapshot.refuseNamedPartition(name)
    }

    private func refusePartitionChange(_ name: String, _ verb: String) throws(QuiverError) {
        guard let field = schema.partitionKeyField else { return }
        throw QuiverError(.invalidArgument, "partition '\(name.prefix(255))' cannot be \(verb): collection '\(self.name)' has the partition key field '\(field.name)', and its partitions are managed by key")
    }

    package func createPartition(_ name: String) throws {
        try checkUsable()
        try refusePartitionChange(name, "created")
        try CollectionSchema.validateName(name, what: "partition name")
        guard partitionIDs[name] == nil else {
            throw QuiverError(.alreadyExists, "partition '\(name)' already exists in collection '\(self.name)'")
        }
        guard partitionIDs.count < Self.maxPartitionCount else {
            throw QuiverError(.invalidArgument, "collection '\(self.name)' has \(partitionIDs.count) partitions; the limit is \(Self.maxPartitionCount)")
        }
        let id: Int64
        do {
            id = try catalog.createPartition(collectionID: collectionID, name: name, createdAtMs: currentTimeMs())
        } catch {
            throw QuiverError(.io, "recording partition '\(name)': \(error)")
        }
        versions.updatePartitions { $0.add(name, id: id) }
    }

    /// Deletes every row of the partition, then the partition. `_default` cannot be dropped.
    package func dropPartition(_ name: String) async throws {
        try checkUsable()
        try refusePartitionChange(name, "dropped")
        guard name != Self.defaultPartition else {
            throw QuiverError(.invalidArgument, "partition '_default' cannot be dropped")
        }
        let id = try partitionID(named: name)
        // Unname it first, so no later write can target it; then make everything appended so far
        // durable (off the actor) and apply it, so no pending insert into it is missed.
        versions.updatePartitions { $0.remove(name) }
        do {
            try await syncEverythingAppended()
        } catch {
            versions.updatePartitions { $0.add(name, id: id) }
            throw error
        }
        applyPending(through: durableSequence)
        var keys: [PrimaryKey] = []
        for state in stores.values {
            for row in 0..<state.rowCount where !state.deleted[row] && state.store.partitionIDs[row] == id {
                keys.append(state.store.keys[row])
            }
        }
        if !keys.isEmpty { _ = try await delete(keys: keys) }
        do {
            try catalog.dropPartition(collectionID: collectionID, name: name)
        } catch {
            versions.updatePartitions { $0.add(name, id: id) }   // still in the catalog: keep it addressable
            throw QuiverError(.io, "dropping partition '\(name)': \(error)")
        }
    }

    /// Deletes the keys whose live row lies in one of the `scope` partitions (Milvus's delete with
    /// a partition name); returns how many were deleted. A key with a write still in flight is
    /// left alone: this delete is ordered before that write.
    package func delete(keys: [PrimaryKey], inPartitions scope: Set<Int64>) async throws -> Int {
        try await settleLog()
        try checkKeyTypes(keys)
        let scoped = keys.filter { key in
            guard pendingKeys[key] == nil, let location = pkIndex[key], let state = stores[location.segmentID] else { return false }
            return scope.contains(state.store.partitionIDs[Int(location.row)])
        }
        return try await delete(keys: scoped)
    }

    /// The partition ids a filter pinning the partition key (`key == v`, `key in [...]`) can
    /// match, or nil when the collection has no partition key or the filter does not pin it.
    /// `values` are the pinned values (.int for Int64 keys, .string for VarChar; other kinds can
    /// equal no stored value and are skipped).
    package nonisolated func prunedPartitionIDs(forKeyValues values: [FieldValue]?) -> Set<Int64>? {
        guard let routing = PartitionKeyRouting(schema: schema), let values else { return nil }
        var ids = Set<Int64>()
        for value in values {
            switch value {
            case .int(let number): ids.insert(routing.partitionID(ofInteger: number))
            case .string(let text): ids.insert(routing.partitionID(ofString: text))
            default: continue
            }
        }
        return ids
    }

    func setPartitions(_ named: [(id: Int64, name: String)]) {
        versions.updatePartitions { table in
            for partition in named { table.add(partition.name, id: partition.id) }
        }
    }
}
