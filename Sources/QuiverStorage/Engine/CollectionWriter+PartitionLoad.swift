// Partition load state (Milvus's `load_partitions` / `release_partitions`). Quiver keeps every
// row in memory while a collection is open, so loading and releasing only decide which
// partitions reads may see; writes go to any partition either way. The rules:
// - Loading partitions of a loaded collection succeeds (they were, or now are, loaded);
//   loading partitions of a released collection loads it with only those partitions.
// - Releasing partitions hides them from reads; releasing the last loaded one releases the
//   collection (reads then throw `.notLoaded`, as after `release()`).
// - A read scoped to no partitions covers the loaded ones; a read that names a released
//   partition throws `.partitionNotLoaded` naming it.
// - Collection-level load/release reset every partition; a partition created while the
//   collection is loaded is loaded (Milvus 2.3+); a dropped one is forgotten.
// - Load state is not persisted: a reopened database has everything loaded (as before).
// Every name is checked first; an unknown one throws `.notFound` naming it and changes nothing.

extension CollectionWriter {
    package func loadPartitions(_ names: [String]) throws {
        let ids = try partitionIDs(requiring: names)
        versions.loadPartitions(ids, of: Set(partitionIDs.values))
    }

    package func releasePartitions(_ names: [String]) throws {
        let ids = try partitionIDs(requiring: names)
        versions.releasePartitions(ids, of: Set(partitionIDs.values))
    }

    /// The loaded partitions among `names` (nil or empty: among all), for scoping a read.
    /// nil means every partition (nothing released).
    package func readablePartitionIDs(named names: [String]?) throws(QuiverError) -> Set<Int64>? {
        let released = versions.releasedPartitionIDs
        guard let names, !names.isEmpty else {
            return released.isEmpty ? nil : Set(partitionIDs.values).subtracting(released)
        }
        var ids = Set<Int64>()
        for name in names {
            try refuseNamedPartition(name)
            let id = try partitionID(named: name)
            if released.contains(id) {
                throw QuiverError(.partitionNotLoaded, "partition '\(name)' of collection '\(self.name)' is released; load it before searching or querying")
            }
            ids.insert(id)
        }
        return ids
    }

    /// Names loaded now (every partition while nothing is released; none while released).
    package func loadedPartitionNames() -> [String] {
        guard versions.isLoaded else { return [] }
        let released = versions.releasedPartitionIDs
        return partitionNames().filter { !released.contains(partitionIDs[$0]!) }
    }

    private func partitionIDs(requiring names: [String]) throws(QuiverError) -> Set<Int64> {
        guard !names.isEmpty else { throw QuiverError(.invalidArgument, "partition names: give at least one") }
        var ids = Set<Int64>()
        for name in names { ids.insert(try partitionID(named: name)) }
        return ids
    }
}
