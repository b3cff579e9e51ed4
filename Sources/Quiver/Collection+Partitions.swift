// Partitions: named subsets of a collection. Inserts and upserts name the partition their rows
// go to (default `_default`); search, query, count, get and delete can be scoped to partitions.
// A collection with a partition-key field has hidden partitions `_default_0`...`_default_<N-1>`
// that rows are routed to by key (PartitionKeyRouting): partitions cannot be created, dropped or
// named there, and a filter that pins the key (`key == v`, `key in [...]`) prunes every read to
// the partitions those values hash to.
// Partitions can be released and loaded one by one; the rules are in
// QuiverStorage/Engine/PartitionTable.swift.

import QuiverFilter
import QuiverStorage

extension Collection {
    /// Creates an empty partition; `.alreadyExists` if the name is taken.
    public func createPartition(_ name: String) async throws { try await writer.createPartition(name) }

    /// Deletes the partition's rows and the partition. `_default` cannot be dropped.
    public func dropPartition(_ name: String) async throws { try await writer.dropPartition(name) }

    /// Partition names, `_default` first, then in creation order (for a partition-key
    /// collection: its hidden partitions in bucket order).
    public func listPartitions() async -> [String] { writer.versions.partitions.names }

    /// Whether a partition of that name exists.
    public func hasPartition(_ name: String) async -> Bool { writer.versions.partitions.idsByName[name] != nil }

    /// Live rows in the partition (counted on the published Version).
    public func rowCount(partition: String) async throws -> Int {
        try writer.versions.snapshot.liveRowCount(inPartition: partition)
    }

    /// Deletes the rows of `ids` that live in `partition` (nil: wherever they are). Returns how
    /// many were deleted.
    @discardableResult
    public func delete(ids: [PrimaryKey], partition: String?) async throws -> Int {
        guard let scope = try writer.versions.snapshot.partitionIDSet(named: partition.map { [$0] }) else {
            return try await writer.delete(keys: ids)
        }
        return try await writer.delete(keys: ids, inPartitions: scope)
    }

    /// The partitions a read of `snapshot` may touch (nil: all): the named loaded ones, narrowed
    /// to those the values a filter pins the partition key to hash to.
    func readScope(_ snapshot: ReadSnapshot, partitions names: [String]?, filter: Filter?) throws(QuiverError) -> Set<Int64>? {
        let named = try snapshot.readablePartitionIDs(named: names)
        let pinned = filter?.partitionKeyValues.map { $0.compactMap(FilterValueBridge.keyValue(of:)) }
        guard let pruned = writer.prunedPartitionIDs(forKeyValues: pinned) else { return named }
        return named.map { $0.intersection(pruned) } ?? pruned
    }

    /// Makes the partitions readable again (a released collection becomes loaded with only
    /// these). Throws `.notFound` naming an unknown partition, changing nothing.
    public func loadPartitions(_ names: [String]) async throws { try writer.loadPartitions(names) }

    /// Hides the partitions from searches, queries and gets (writes still go in); releasing the
    /// last loaded partition releases the collection.
    public func releasePartitions(_ names: [String]) async throws { try writer.releasePartitions(names) }

    /// The partitions reads can see now, `_default` first (none while the collection is released).
    public func loadedPartitions() async -> [String] { writer.versions.partitions.loadedNames }
}
