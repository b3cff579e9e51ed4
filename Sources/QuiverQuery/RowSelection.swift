// RowSelection: which rows of each store a read may return: the filter's matches AND NOT
// deleted (AND in the requested partitions, when partitions exist). Computed once per store per
// request; the searchers and the query scan both use it. With a partition scope (named, or pruned
// by a partition-key filter) the filter is evaluated only on the live rows of those partitions,
// so pruning saves the filter work on every other row.

import QuiverFilter
import QuiverKernels
import QuiverStorage

package enum RowSelection {
    /// The filter vocabulary of a collection schema.
    package static func filterSchema(for schema: CollectionSchema) -> FilterSchema {
        var fields: [String: FilterFieldType] = [:]
        for field in schema.fields {
            fields[field.name] = filterType(field.dataType, element: field.elementType)
        }
        return FilterSchema(fields: fields, primaryKey: schema.primaryKeyField.name,
                            dynamicFieldEnabled: schema.enableDynamicField,
                            nullableFields: Set(schema.fields.filter(\.nullable).map(\.name)),
                            partitionKey: schema.partitionKeyField?.name)
    }

    private static func filterType(_ type: DataType, element: DataType?) -> FilterFieldType {
        switch type {
        case .bool: .bool
        case .int8: .int8
        case .int16: .int16
        case .int32: .int32
        case .int64: .int64
        case .float: .float
        case .double: .double
        case .varChar: .varChar
        case .json: .json
        case .array: .array(filterType(element ?? .int64, element: nil))
        case .floatVector: .floatVector
        case .binaryVector: .binaryVector
        }
    }

    /// Parses and type-checks a filter against the schema; errors carry the column.
    package static func compile(_ expression: String, schema: CollectionSchema,
                                templateValues: [String: FilterValue] = [:]) throws(QuiverError) -> Filter {
        do {
            return try Filter.parse(expression, schema: filterSchema(for: schema), templateValues: templateValues)
        } catch {
            throw QuiverError(.invalidArgument, "filter: \(error.message)\(error.column.map { _ in "" } ?? "")")
        }
    }

    /// Rows of `snapshot` that are live, match `filter` (all when nil) and lie in one of
    /// `partitions` (all when nil). Fields in `indexedFields` have a sorted scalar index: when
    /// one narrows a committed segment to few rows (ScalarIndexPlan), only those are evaluated;
    /// a filter made only of field restrictions is otherwise evaluated by typed column scans.
    package static func allowedRows(_ snapshot: StoreSnapshot, filter: Filter?, partitions: Set<Int64>? = nil,
                                    indexedFields: Set<String> = []) -> Bitset {
        if let partitions { return allowedRows(snapshot, filter: filter, inPartitions: partitions) }
        var allowed: Bitset
        if let filter, let candidates = ScalarIndexPlan.candidateRows(snapshot, filter: filter, indexedFields: indexedFields) {
            allowed = Bitset(repeating: false, count: snapshot.rowCount)
            let source = StoreRowSource(snapshot)
            for row in candidates where filter.matches(source, row: row) { allowed[row] = true }
        } else if let filter {
            allowed = RestrictionScan.matches(snapshot, filter: filter) ?? filter.evaluate(StoreRowSource(snapshot))
        } else {
            allowed = Bitset(repeating: true, count: snapshot.rowCount)
        }
        if !snapshot.deleted.isEmpty { allowed.subtract(snapshot.deleted) }
        return allowed
    }

    /// Live rows in `partitions` first (one integer test per row), then the filter on those only.
    private static func allowedRows(_ snapshot: StoreSnapshot, filter: Filter?, inPartitions partitions: Set<Int64>) -> Bitset {
        var allowed = Bitset(repeating: false, count: snapshot.rowCount)
        guard !partitions.isEmpty else { return allowed }
        let ids = snapshot.store.partitionIDs
        let checksDeleted = !snapshot.deleted.isEmpty
        for row in 0..<snapshot.rowCount where partitions.contains(ids[row]) && !(checksDeleted && snapshot.deleted[row]) {
            allowed[row] = true
        }
        guard let filter, !allowed.isEmpty else { return allowed }
        if let matching = RestrictionScan.matches(snapshot, filter: filter) {
            allowed.formIntersection(matching)
            return allowed
        }
        let source = StoreRowSource(snapshot)
        for row in allowed.setIndices() where !filter.matches(source, row: row) { allowed[row] = false }
        return allowed
    }
}
