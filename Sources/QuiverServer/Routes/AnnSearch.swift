// AnnSearch: one ANN search as entities/search takes it, and as each sub-request of
// entities/hybrid_search does: query vectors (`data`), the vector field (`annsField`, required
// with more than one), `filter` with `exprParams`, `k` (limit + offset), the metric and index
// parameters. Parsing checks everything the caller can get wrong before the engine runs
// (codes 1100/1700/1802), naming the parameter under `place` ("search[1].data" in hybrid search).

import Quiver
import QuiverJSON
import QuiverMilvus

struct AnnSearch: Sendable {
    let field: FieldSchema
    let vectors: [JSONValue]
    let k: Int
    let metric: Metric
    let parameters: SearchParameters
    let filter: String?
    let templateValues: [String: FieldValue]

    /// Parses one search body. `limit` is the default limit; `place` prefixes parameter names.
    init(_ request: APIRequest, collection: Quiver.Collection, parameters: SearchParameters,
         k: Int, place: String = "") async throws {
        let limits = request.limits
        field = try SearchRoute.annsField(request, schema: collection.schema, place: place)
        guard let vectors = try request.array("data"), !vectors.isEmpty else { throw APIError.missing(place + "data") }
        guard vectors.count <= limits.queryVectorCount else {
            throw APIError.invalid("\(place)data holds \(vectors.count) query vectors; at most \(limits.queryVectorCount)")
        }
        self.vectors = vectors
        self.k = k
        self.parameters = parameters
        filter = try request.filter()
        templateValues = try request.templateValues
        metric = await Self.metric(given: parameters.metric, field: field, collection: collection)
    }

    /// The metric a search on `field` runs with: the one given, else the field's index's, else the field's.
    static func metric(given: Metric?, field: FieldSchema, collection: Quiver.Collection) async -> Metric {
        if let given { return given }
        return await collection.indexes().first { $0.fieldName == field.name }?.spec.metric ?? field.effectiveMetric
    }

    /// Ranked hits per query vector, best first, at most `k` each.
    func run(on collection: Quiver.Collection, outputFields: [String], partitions: [String]?) async throws -> [[SearchHit]] {
        if field.dataType == .binaryVector {
            let queries = try vectors.enumerated().map { position, value throws(APIError) in try SearchRoute.bytes(value, position: position) }
            return try await EntityRoutes.partitionScoped {
                try await collection.search(binary: queries, k: k, field: field.name, metric: metric,
                                            outputFields: outputFields, nprobe: parameters.nprobe, filter: filter,
                                            templateValues: templateValues, partitions: partitions,
                                            radius: parameters.radius, rangeFilter: parameters.rangeFilter)
            }
        }
        let queries = try vectors.enumerated().map { position, value throws(APIError) in try SearchRoute.floats(value, position: position) }
        return try await EntityRoutes.partitionScoped {
            try await collection.search(queries, k: k, field: field.name, metric: metric,
                                        outputFields: outputFields, ef: parameters.ef, nprobe: parameters.nprobe,
                                        filter: filter, templateValues: templateValues, partitions: partitions,
                                        radius: parameters.radius, rangeFilter: parameters.rangeFilter)
        }
    }
}
