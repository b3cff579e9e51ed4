// entities/hybrid_search: several ANN searches over one collection fused by a reranker.
//   {collectionName, search:[{data, annsField, filter?, exprParams?, limit?, params?|searchParams?,
//    metricType?}, ...], rerank:{strategy, params}, limit (100), offset (0), outputFields?,
//    partitionNames?}
// -> the shape of entities/search: a flat list of hits {<pk>, distance, <fields>} for every
// query vector in order (`distance` is the fused score, larger is better) plus `topks`.
// Rules: 1...1024 sub-searches, each with the same number of query vectors (the i-th vectors of
// every sub-search form query i); all query vectors together at most the query-vector cap;
// each sub-search returns its own `limit` (default: limit + offset) candidates before fusion;
// rerank weights one per sub-search (Reranker.swift). Sub-search parameters are named
// `search[i].<name>` in errors.

import Quiver
import QuiverJSON
import QuiverMilvus

enum HybridSearchRoute {
    static let maxSearchCount = 1024

    static func handle(_ request: APIRequest, _ state: ServerState) async throws -> APIResult {
        let collection = try state.collection(try request.collectionName)
        let partitions = try request.partitionNames
        let (limit, offset) = try SearchRoute.page(request)
        guard let bodies = try request.array("search"), !bodies.isEmpty else { throw APIError.missing("search") }
        guard bodies.count <= maxSearchCount else {
            throw APIError.invalid("'search' holds \(bodies.count) sub-searches; at most \(maxSearchCount)")
        }
        let reranker = try Reranker(try request.object("rerank"), searchCount: bodies.count)
        var searches: [AnnSearch] = []
        for (position, body) in bodies.enumerated() {
            searches.append(try await subSearch(body, position: position, of: request, collection: collection, k: limit + offset))
        }
        let queryCount = searches[0].vectors.count
        if let uneven = searches.firstIndex(where: { $0.vectors.count != queryCount }) {
            throw APIError.invalid("search[\(uneven)].data holds \(searches[uneven].vectors.count) query vectors and search[0].data \(queryCount); every sub-search needs the same number")
        }
        guard queryCount * searches.count <= request.limits.queryVectorCount else {
            throw APIError.invalid("\(queryCount * searches.count) query vectors in all; at most \(request.limits.queryVectorCount)")
        }
        let selection = try OutputSelection(try request.stringArray("outputFields") ?? [], schema: collection.schema)
        var perSearch: [[[SearchHit]]] = []
        for search in searches {
            perSearch.append(try await search.run(on: collection, outputFields: selection.engineFields, partitions: partitions))
        }
        state.metrics.recordSearched(queryCount: queryCount * searches.count)
        let fused = (0..<queryCount).map { query in
            let lists = searches.indices.map { (hits: perSearch[$0][query], metric: searches[$0].metric) }
            return Array(reranker.fuse(lists).dropFirst(offset).prefix(limit))
        }
        return SearchRoute.rendered(fused, request: request, schema: collection.schema, selection: selection)
    }

    static func subSearch(_ value: JSONValue, position: Int, of request: APIRequest, collection: Quiver.Collection,
                          k defaultK: Int) async throws -> AnnSearch {
        let place = "search[\(position)]."
        guard case .object(let body) = value else { throw APIError.invalid("search[\(position)] must be an object, got \(value.kindName)") }
        let sub = APIRequest(body: body, int64AsString: request.int64AsString, limits: request.limits)
        let k = try sub.int("limit") ?? defaultK
        guard (1...request.limits.topK).contains(k) else {
            throw APIError.invalid("\(place)limit \(k) must be in 1...\(request.limits.topK)")
        }
        var parameterBody = try sub.object("params") ?? sub.object("searchParams") ?? JSONObject()
        if parameterBody["metricType"] == nil, let metric = sub["metricType"] { parameterBody["metricType"] = metric }
        return try await AnnSearch(sub, collection: collection, parameters: try SearchParameters(parameterBody), k: k, place: place)
    }
}
