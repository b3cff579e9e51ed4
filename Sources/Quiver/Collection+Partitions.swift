// Partitions: named subsets of a collection. Inserts and upserts name the partition their rows
// go to (default `_default`); search, query, count and delete can be scoped to partitions.

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
}
