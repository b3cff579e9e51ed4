// Exact nearest-neighbour search over everything a collection holds (buffers and segments),
// never returning a deleted row. Limits follow Milvus: k in 1...16384, at most 16384 query
// vectors per call.

import QuiverFilter
import QuiverIndex
import QuiverKernels
import QuiverQuery
import QuiverStorage

/// The bounds of one search call (Milvus's).
public enum SearchLimits {
    /// Results per query vector.
    public static let k = 1...16384
    /// Query vectors per call.
    public static let queryCount = 1...16384
}

extension Collection {
    /// Searches float vectors. `field` defaults to the only (or first) float vector field and
    /// `metric` to the field's metric. Returns one ranked list per query, best first.
    /// `ef` (HNSW) and `nprobe` (IVF) tune indexed segments; they are ignored where a store is
    /// scanned exactly.
    /// `filter` (a Milvus boolean expression) restricts the rows that may be returned;
    /// `partitions` names the partitions to search (nil: all).
    public func search(_ queries: [[Float]], k: Int, field: String? = nil, metric: Metric? = nil,
                       outputFields: [String] = [], ef: Int? = nil, nprobe: Int? = nil, filter: String? = nil,
                       templateValues: [String: FieldValue] = [:], partitions: [String]? = nil,
                       radius: Float? = nil, rangeFilter: Float? = nil) async throws -> [[SearchHit]] {
        let vectorField = try searchField(named: field, type: .floatVector)
        for (index, query) in queries.enumerated() {
            guard query.count == vectorField.dimension else {
                throw QuiverError(.invalidArgument, "query \(index): vector has dimension \(query.count), field '\(vectorField.name)' has \(vectorField.dimension ?? 0)")
            }
            if let bad = query.firstIndex(where: { !$0.isFinite }) {
                throw QuiverError(.invalidArgument, "query \(index): element \(bad) is \(query[bad]); NaN and infinity are not allowed")
            }
        }
        let compiled = try compile(filter, templateValues: templateValues)
        return try run(.float(queries), field: vectorField, k: k, metric: metric, outputFields: outputFields,
                       parameters: IndexSearchParameters(ef: ef, nprobe: nprobe),
                       filter: compiled, partitions: partitions, range: (radius, rangeFilter))
    }

    /// Searches binary vectors (packed bytes, dimension / 8 per query) with HAMMING or JACCARD.
    public func search(binary queries: [[UInt8]], k: Int, field: String? = nil, metric: Metric? = nil,
                       outputFields: [String] = [], nprobe: Int? = nil, filter: String? = nil,
                       templateValues: [String: FieldValue] = [:], partitions: [String]? = nil,
                       radius: Float? = nil, rangeFilter: Float? = nil) async throws -> [[SearchHit]] {
        let vectorField = try searchField(named: field, type: .binaryVector)
        for (index, query) in queries.enumerated() where query.count * 8 != vectorField.dimension {
            throw QuiverError(.invalidArgument, "query \(index): vector has \(query.count * 8) bits, field '\(vectorField.name)' has \(vectorField.dimension ?? 0)")
        }
        let compiled = try compile(filter, templateValues: templateValues)
        return try run(.binary(queries), field: vectorField, k: k, metric: metric, outputFields: outputFields,
                       parameters: IndexSearchParameters(nprobe: nprobe),
                       filter: compiled, partitions: partitions, range: (radius, rangeFilter))
    }

    private func searchField(named name: String?, type: DataType) throws(QuiverError) -> FieldSchema {
        if let name {
            guard let field = schema.field(named: name) else {
                throw QuiverError(.invalidArgument, "field '\(name.prefix(64))' is not in the schema of collection '\(self.name)'")
            }
            guard field.dataType == type else {
                throw QuiverError(.invalidArgument, "field '\(name)' is \(field.dataType.rawValue), not \(type.rawValue)")
            }
            return field
        }
        guard let field = schema.vectorFields.first(where: { $0.dataType == type }) else {
            throw QuiverError(.invalidArgument, "collection '\(self.name)' has no \(type.rawValue) field")
        }
        return field
    }

    /// Searches one published snapshot: synchronous, so it cannot wait for the writer.
    private func run(_ queries: QueryVectors, field: FieldSchema, k: Int, metric: Metric?,
                     outputFields: [String], parameters: IndexSearchParameters,
                     filter: Filter?, partitions names: [String]?,
                     range: (radius: Float?, rangeFilter: Float?)) throws(QuiverError) -> [[SearchHit]] {
        if let ef = parameters.ef, ef < k || ef > 32768 {
            throw QuiverError(.invalidArgument, "ef is \(ef); it must be at least k (\(k)) and at most 32768")
        }
        if let nprobe = parameters.nprobe, !(1...65536).contains(nprobe) {
            throw QuiverError(.invalidArgument, "nprobe is \(nprobe); allowed 1...65536")
        }
        guard SearchLimits.k.contains(k) else {
            throw QuiverError(.invalidArgument, "k (limit) is \(k); allowed \(SearchLimits.k.lowerBound)...\(SearchLimits.k.upperBound)")
        }
        guard SearchLimits.queryCount.contains(queries.count) else {
            throw QuiverError(.invalidArgument, "\(queries.count) query vectors; allowed \(SearchLimits.queryCount.lowerBound)...\(SearchLimits.queryCount.upperBound)")
        }
        let metric = metric ?? field.effectiveMetric
        guard metric.isForBinaryVectors == (field.dataType == .binaryVector) else {
            throw QuiverError(.invalidArgument, "metric \(metric.rawValue) does not apply to \(field.dataType.rawValue) field '\(field.name)'")
        }
        let window = try Self.rangeWindow(radius: range.radius, rangeFilter: range.rangeFilter, metric: metric)
        let fields = try resolve(outputFields: outputFields)
        let snapshot = try writer.versions.snapshotForReading()
        let partitions = try readScope(snapshot, partitions: names, filter: filter)
        let version = snapshot.version
        let ranked = SearchPlanner.search(version, field: field, metric: metric, queries: queries, k: k, parameters: parameters,
                                        filter: filter, partitions: partitions, range: window)
        return ranked.map { candidates in
            candidates.map { candidate in
                let store = version.stores[candidate.storeIndex].store
                let key = store.keys[candidate.row]
                return SearchHit(id: key, distance: candidate.score,
                                 fields: fields.isEmpty ? [:] : row(of: store, at: candidate.row, key: key, fields: fields))
            }
        }
    }

    /// Milvus's range search: with `radius`, only hits strictly closer than it (and, with
    /// `rangeFilter`, no closer than that) are returned, still at most k. For L2, HAMMING and
    /// JACCARD: rangeFilter <= distance < radius; for IP and COSINE: radius < score <= rangeFilter.
    static func rangeWindow(radius: Float?, rangeFilter: Float?, metric: Metric) throws(QuiverError) -> RangeSearchWindow? {
        guard let radius else {
            if rangeFilter != nil { throw QuiverError(.invalidArgument, "range_filter needs a radius") }
            return nil
        }
        guard radius.isFinite, rangeFilter?.isFinite ?? true else {
            throw QuiverError(.invalidArgument, "radius and range_filter must be finite numbers")
        }
        if let rangeFilter {
            let ordered = metric.largerIsCloser ? rangeFilter > radius : rangeFilter < radius
            guard ordered else {
                throw QuiverError(.invalidArgument, "range_filter \(rangeFilter) must be \(metric.largerIsCloser ? "greater" : "less") than radius \(radius) for metric \(metric.rawValue)")
            }
        }
        return RangeSearchWindow(metric: metric, radius: radius, rangeFilter: rangeFilter)
    }
}
