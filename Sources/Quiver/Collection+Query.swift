// Reads by filter: Milvus's boolean expressions (see Sources/QuiverFilter/FilterGrammar.md)
// select rows for query, count and delete, and restrict searches. Template values fill
// `{name}` placeholders, so user input never has to be spliced into the expression text.

import QuiverFilter
import QuiverQuery
import QuiverStorage

extension Collection {
    /// Rows matching `filter` ("" matches every row), skipping `offset`, at most `limit`
    /// (nil: all). `outputFields` nil means every field; "*" too.
    public func query(filter: String, outputFields: [String]? = nil, limit: Int? = nil, offset: Int = 0,
                      templateValues: [String: FieldValue] = [:], partitions: [String]? = nil) async throws -> [Row] {
        guard offset >= 0 else { throw QuiverError(.invalidArgument, "offset is \(offset); it must be >= 0") }
        if let limit, limit < 0 { throw QuiverError(.invalidArgument, "limit is \(limit); it must be >= 0") }
        return try rows(filter: filter, outputFields: outputFields, limit: limit, offset: offset,
                        templateValues: templateValues, partitions: partitions)
    }

    /// `query` on one published snapshot: synchronous, so it cannot wait for the writer.
    private func rows(filter: String, outputFields: [String]?, limit: Int?, offset: Int,
                      templateValues: [String: FieldValue], partitions: [String]?) throws(QuiverError) -> [Row] {
        let compiled = try compile(filter, templateValues: templateValues)
        let fields = try resolve(outputFields: outputFields ?? ["*"])
        let snapshot = try writer.versions.snapshotForReading()
        let partitionIDs = try readScope(snapshot, partitions: partitions, filter: compiled)
        let version = snapshot.version
        return QueryScan.rows(version, filter: compiled, partitions: partitionIDs, offset: offset, limit: limit).map { address in
            let store = version.stores[address.storeIndex].store
            return row(of: store, at: address.row, key: store.keys[address.row], fields: fields)
        }
    }

    /// How many live rows match `filter` ("" counts every row): Milvus's count(*).
    public func count(filter: String, templateValues: [String: FieldValue] = [:], partitions: [String]? = nil) async throws -> Int {
        try countRows(filter: filter, templateValues: templateValues, partitions: partitions)
    }

    /// `count` on one published snapshot: synchronous, so it cannot wait for the writer.
    private func countRows(filter: String, templateValues: [String: FieldValue], partitions: [String]?) throws(QuiverError) -> Int {
        let compiled = try compile(filter, templateValues: templateValues)
        let snapshot = try writer.versions.snapshotForReading()
        let partitionIDs = try readScope(snapshot, partitions: partitions, filter: compiled)
        return QueryScan.count(snapshot.version, filter: compiled, partitions: partitionIDs)
    }

    /// Deletes the rows matching `filter` as of now; returns how many were deleted. A row
    /// written after the filter was evaluated (an upsert racing with this call) is kept.
    @discardableResult
    public func delete(filter: String, templateValues: [String: FieldValue] = [:], partition: String? = nil) async throws -> Int {
        guard let compiled = try compile(filter, templateValues: templateValues) else {
            throw QuiverError(.invalidArgument, "filter: an empty filter would delete every row; give an expression")
        }
        // Released partitions count as unreadable here too, but a released collection may
        // still be written to, so the snapshot is taken without the load check.
        let snapshot = writer.versions.snapshot
        let partitionIDs = try readScope(snapshot, partitions: partition.map { [$0] }, filter: compiled)
        let version = snapshot.version
        let keys = QueryScan.keys(version, filter: compiled, partitions: partitionIDs)
        guard !keys.isEmpty else { return 0 }
        return try await writer.delete(keys: keys, writtenThrough: version.lastAppliedSequence)
    }

    /// nil for an empty (all-matching) filter.
    func compile(_ filter: String?, templateValues: [String: FieldValue]) throws(QuiverError) -> Filter? {
        guard let filter, !filter.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        var values: [String: FilterValue] = [:]
        for (key, value) in templateValues {
            values[key] = FilterValueBridge.filterValue(of: value)
        }
        return try RowSelection.compile(filter, schema: schema, templateValues: values)
    }
}

enum FilterValueBridge {
    /// A pinned key value as the stored value it can equal (Int64 or VarChar); nil for others.
    static func keyValue(of value: FilterValue) -> FieldValue? {
        switch value {
        case .int(let n): .int(n)
        case .string(let s): .string(s)
        default: nil
        }
    }

    static func filterValue(of value: FieldValue) -> FilterValue {
        switch value {
        case .null, .floatVector, .binaryVector: .null
        case .bool(let b): .bool(b)
        case .int(let n): .int(n)
        case .float(let f): .double(Double(f))
        case .double(let d): .double(d)
        case .string(let s), .json(let s): .string(s)
        case .array(let values): .array(values.map(filterValue(of:)))
        }
    }
}
