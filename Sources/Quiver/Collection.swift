// Collection: a handle on one collection for writes, reads and searches.
// Every write is atomic per call (all rows or none) and acknowledged only when durable (with the
// default `.sync` durability); a search that starts after a write returned sees it.

import QuiverKernels
import QuiverQuery
import QuiverStorage

/// A handle to one collection of a `Database`: writes, reads, indexes, partitions. Cheap to copy;
/// every copy talks to the same collection.
public struct Collection: Sendable {
    package let writer: CollectionWriter
    package let compactor: Compactor

    init(writer: CollectionWriter, compactor: Compactor) {
        self.writer = writer
        self.compactor = compactor
    }

    /// The collection's current name (it follows a rename).
    public var name: String { writer.name }
    /// The fields and options the collection was created with.
    public var schema: CollectionSchema { writer.schema }

    // MARK: Writes

    /// Inserts rows (field name to value). Fails with `.alreadyExists` when a key is stored, and
    /// with `.invalidArgument` naming row, field, value and limit for any bad row; either way
    /// nothing of the batch is applied. Returns the keys, assigned ones included.
    @discardableResult
    public func insert(_ rows: [Row], partition: String? = nil) async throws -> [PrimaryKey] {
        try await writer.insert(rows: rows, partition: partition)
    }

    /// Inserts vectors into a collection of a key and one float vector field. Pass `ids: nil`
    /// when the collection assigns keys (autoID).
    @discardableResult
    public func insert(ids: [PrimaryKey]?, vectors: [[Float]], partition: String? = nil) async throws -> [PrimaryKey] {
        let dimension = schema.vectorFields.first?.dimension ?? 0
        if let bad = vectors.firstIndex(where: { $0.count != dimension }) {
            throw QuiverError(.invalidArgument, "row \(bad), field '\(schema.vectorFields.first?.name ?? "")': vector has dimension \(vectors[bad].count), schema requires \(dimension)")
        }
        if let ids, ids.count != vectors.count {
            throw QuiverError(.invalidArgument, "\(ids.count) ids for \(vectors.count) vectors")
        }
        return try await writer.insert(keys: ids, vectors: vectors.flatMap { $0 }, partition: partition)
    }

    /// The same with the vectors given row-major in one array of `count * dimension` floats.
    @discardableResult
    public func insert(ids: [PrimaryKey]?, flatVectors: [Float], partition: String? = nil) async throws -> [PrimaryKey] {
        try await writer.insert(keys: ids, vectors: flatVectors, partition: partition)
    }

    /// Inserts rows, replacing stored rows with the same keys (delete and insert in one record).
    @discardableResult
    public func upsert(_ rows: [Row], partition: String? = nil) async throws -> [PrimaryKey] {
        try await writer.upsert(rows: rows, partition: partition)
    }

    /// Deletes rows by key. Returns how many of the keys were stored.
    @discardableResult
    public func delete(ids: [PrimaryKey]) async throws -> Int {
        try await writer.delete(keys: ids)
    }

    /// Seals the buffer into a segment now and waits until the catalog has it.
    public func flush() async throws { try await writer.flush() }

    // MARK: Reads

    /// Live rows (inserted, not deleted) as of now.
    public var count: Int { writer.versions.version.liveRowCount }

    /// Rows by key, in the order of `ids`; keys not stored (or stored outside `partitions`, when
    /// given, or in released partitions) are skipped. `outputFields` nil means every field (vectors included).
    public func get(ids: [PrimaryKey], outputFields: [String]? = nil, partitions: [String]? = nil) async throws -> [Row] {
        try rows(ids: ids, outputFields: outputFields, partitions: partitions)
    }

    /// `get` on one published snapshot: synchronous, so it cannot wait for the writer.
    private func rows(ids: [PrimaryKey], outputFields: [String]?, partitions: [String]?) throws(QuiverError) -> [Row] {
        let fields = try resolve(outputFields: outputFields ?? schema.fields.map(\.name) + dynamicFieldNames)
        let snapshot = try writer.versions.snapshotForReading()
        // The named partitions (all when nil), less any released ones.
        let scope = try snapshot.readablePartitionIDs(named: partitions)
        return snapshot.locate(ids).compactMap { location in
            let store = snapshot.version.stores[location.storeIndex].store
            if let scope, !scope.contains(store.partitionIDs[location.row]) { return nil }
            return row(of: store, at: location.row, key: location.key, fields: fields)
        }
    }

    /// Row, segment, buffer, deletion and WAL counters, and what the last open recovered.
    public func statistics() async -> CollectionStatistics {
        let stats = await writer.statistics()
        return CollectionStatistics(
            rowCount: stats.rowCount, segmentCount: stats.segmentCount, bufferRowCount: stats.bufferRowCount,
            deletedRowCount: stats.deletedRowCount, walByteCount: stats.walByteCount,
            lastSequence: stats.lastSequence, checkpointSequence: stats.checkpointSequence,
            replayedRecordCount: stats.recovery.replayedRecordCount,
            droppedWALByteCount: stats.recovery.droppedWALByteCount)
    }

    var dynamicFieldNames: [String] { schema.enableDynamicField ? [CollectionSchema.dynamicFieldName] : [] }

    func resolve(outputFields: [String]) throws(QuiverError) -> [String] {
        var resolved: [String] = []
        for name in outputFields {
            if name == "*" {
                resolved += schema.fields.map(\.name) + dynamicFieldNames
            } else if schema.field(named: name) != nil || (schema.enableDynamicField && name == CollectionSchema.dynamicFieldName) {
                resolved.append(name)
            } else {
                throw QuiverError(.invalidArgument, "output field '\(name.prefix(64))' is not in the schema of collection '\(self.name)'")
            }
        }
        var seen = Set<String>()
        return resolved.filter { seen.insert($0).inserted }
    }

    func row(of store: ColumnStore, at row: Int, key: PrimaryKey, fields: [String]) -> Row {
        var result: Row = [schema.primaryKeyField.name: key.fieldValue]
        for field in fields where field != schema.primaryKeyField.name {
            if let value = store.value(of: field, at: row) { result[field] = value }
        }
        return result
    }
}
