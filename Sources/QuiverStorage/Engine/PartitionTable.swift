// PartitionTable: a collection's partitions (name to id) and their load state (Milvus's
// `load_partitions` / `release_partitions`), as one value published in the VersionCell beside
// the Version, so a read resolves names and load state from the same snapshot it searches.
// Quiver keeps every row in memory while a collection is open, so loading and releasing only
// decide which partitions reads may see; writes go to any partition either way. The rules:
// - Loading partitions of a loaded collection succeeds (they were, or now are, loaded);
//   loading partitions of a released collection loads it with only those partitions.
// - Releasing partitions hides them from reads; releasing the last loaded one releases the
//   collection (reads then throw `.notLoaded`, as after `release()`).
// - A read scoped to no partitions covers the loaded ones; a read that names a released
//   partition throws `.partitionNotLoaded` naming it.
// - Collection-level load/release reset every partition; a partition created while the
//   collection is loaded is loaded (Milvus 2.3+); a dropped one is forgotten.
// - Load state is not persisted: a reopened database has everything loaded.
// Invariants: `_default` (id 0) is always present, except in a partition-key collection, whose
// hidden partitions come from the schema; `releasedIDs` is empty while `isReleased`; ids are
// never reused.
// Ownership: a value; the CollectionWriter changes it through VersionCell.updatePartitions.

package struct PartitionTable: Sendable {
    package static let defaultPartition = "_default"

    /// Partition name to id.
    package private(set) var idsByName: [String: Int64]
    /// The collection is released as a whole.
    package private(set) var isReleased = false
    /// Partitions released while the collection stays loaded.
    package private(set) var releasedIDs = Set<Int64>()

    init(schema: CollectionSchema) {
        idsByName = PartitionKeyRouting(schema: schema)?.partitions ?? [Self.defaultPartition: 0]
    }

    package var allIDs: Set<Int64> { Set(idsByName.values) }

    /// Names in id order (`_default` first, then creation order).
    package var names: [String] { idsByName.sorted { $0.value < $1.value }.map(\.key) }

    /// Names loaded now (every partition while nothing is released; none while released).
    package var loadedNames: [String] {
        guard !isReleased else { return [] }
        return names.filter { !releasedIDs.contains(idsByName[$0]!) }
    }

    // MARK: Changes (by the writer)

    mutating func add(_ name: String, id: Int64) { idsByName[name] = id }

    mutating func remove(_ name: String) {
        guard let id = idsByName.removeValue(forKey: name) else { return }
        releasedIDs.remove(id)
    }

    /// Loads (every partition) or releases the whole collection.
    mutating func setLoaded(_ loaded: Bool) {
        isReleased = !loaded
        releasedIDs = []
    }

    /// Loads `ids`; a released collection becomes loaded with only those partitions.
    mutating func load(_ ids: Set<Int64>) {
        if isReleased {
            isReleased = false
            releasedIDs = allIDs.subtracting(ids)
        } else {
            releasedIDs.subtract(ids)
        }
    }

    /// Releases `ids`; releasing every partition releases the collection.
    mutating func release(_ ids: Set<Int64>) {
        guard !isReleased else { return }
        releasedIDs.formUnion(ids)
        if releasedIDs.isSuperset(of: allIDs) {
            isReleased = true
            releasedIDs = []
        }
    }
}
