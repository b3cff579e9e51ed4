// Partitions: named subsets of a collection. Inserts and upserts name the partition their rows
// go to (default `_default`); search, query, count and delete can be scoped to partitions.
// Partitions can be released and loaded one by one; the rules are in
// QuiverStorage/Engine/CollectionWriter+PartitionLoad.swift.

import QuiverStorage

extension Collection {
    public func createPartition(_ name: String) async throws { try await writer.createPartition(name) }

    /// Deletes the partition's rows and the partition. `_default` cannot be dropped.
    public func dropPartition(_ name: String) async throws { try await writer.dropPartition(name) }

    /// Partition names, `_default` first, then in creation order.
    public func listPartitions() async -> [String] { await writer.partitionNames() }

    public func hasPartition(_ name: String) async -> Bool { await writer.partitionNames().contains(name) }

    /// Live rows in the partition.
    public func rowCount(partition: String) async throws -> Int { try await writer.partitionRowCount(partition) }

    /// Makes the partitions readable again (a released collection becomes loaded with only
    /// these). Throws `.notFound` naming an unknown partition, changing nothing.
    public func loadPartitions(_ names: [String]) async throws { try await writer.loadPartitions(names) }

    /// Hides the partitions from searches, queries and gets (writes still go in); releasing the
    /// last loaded partition releases the collection.
    public func releasePartitions(_ names: [String]) async throws { try await writer.releasePartitions(names) }

    /// The partitions reads can see now, `_default` first (none while the collection is released).
    public func loadedPartitions() async -> [String] { await writer.loadedPartitionNames() }
}
