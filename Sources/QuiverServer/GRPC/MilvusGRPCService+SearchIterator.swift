// pymilvus's search iterator (v2) over gRPC. The client first probes with `search_iter_v2` and a
// batch of 1 and needs a token back (without one it falls back to v1: dozens of range searches
// per page); each later page sends the same token and `search_iter_last_bound`, the score of the
// last hit it received, and expects the next `search_iter_batch_size` hits strictly beyond that
// bound (Milvus's rule: distance > bound for L2, HAMMING and JACCARD, score < bound for IP and
// COSINE; rows tied with the bound are not returned again, nor are other rows at exactly that
// score, as in Milvus).
// Quiver keeps no state per iterator: the token is a fresh identifier the client echoes, and a
// page is a top-k search whose k doubles until `batch` hits lie beyond the bound, the collection
// has no more rows, or k reaches the top-k cap (16,384; the iteration ends there).
// Invariants: a page never holds a hit at or inside the bound; pages come best first.

import Foundation
import GRPCCore
import Quiver
import QuiverGRPC
import QuiverJSON
import QuiverMilvus

/// The iterator fields of a SearchRequest's `search_params`.
struct SearchIteratorPage {
    let batchSize: Int
    /// The client's token (absent on the probe and the first page).
    let token: String?
    /// The score of the last hit already returned (absent on the probe and the first page).
    let lastBound: Float?

    /// nil when the request is not a v2 iterator page.
    init?(_ params: [String: String]) throws(APIError) {
        guard params["search_iter_v2"]?.lowercased() == "true" else { return nil }
        let size = params["search_iter_batch_size"] ?? params["topk"] ?? "1000"
        guard let batchSize = Int(size), batchSize > 0 else {
            throw APIError.invalid("search_iter_batch_size must be a positive integer, got '\(size.prefix(32))'")
        }
        self.batchSize = batchSize
        token = params["search_iter_id"].flatMap { $0.isEmpty ? nil : $0 }
        if let text = params["search_iter_last_bound"], !text.isEmpty {
            guard let bound = Float(text), bound.isFinite else {
                throw APIError.invalid("search_iter_last_bound must be a finite number, got '\(text.prefix(32))'")
            }
            lastBound = bound
        } else {
            lastBound = nil
        }
    }
}

extension MilvusGRPCService {
    /// One page of a v2 search iterator, with the token and the new bound.
    func searchIteratorPage(_ request: Milvus_Proto_Milvus_SearchRequest, page: SearchIteratorPage,
                            collection: Quiver.Collection) async throws -> Milvus_Proto_Milvus_SearchResults {
        var body = try Self.searchBody(request, limits: limits)
        body["offset"] = nil
        let largerIsCloser = try await Self.metric(of: body, collection: collection).largerIsCloser
        func isBeyond(_ hit: JSONObject) -> Bool {
            guard let bound = page.lastBound else { return true }
            let score = Float(hit["distance"]?.doubleValue ?? 0)
            return largerIsCloser ? score < bound : score > bound
        }
        var k = min(page.batchSize, limits.topK)
        var hits: [JSONObject]
        while true {
            body["limit"] = .int(Int64(k))
            let found = (try await rest("entities", "search", body).data.arrayValue ?? []).compactMap(\.objectValue)
            hits = found.filter(isBeyond)
            if hits.count >= page.batchSize || found.count < k || k >= limits.topK { break }
            k = min(k * 2, limits.topK)
        }
        hits = Array(hits.prefix(page.batchSize))
        var reply = Milvus_Proto_Milvus_SearchResults()
        reply.status = .success
        reply.collectionName = collection.name
        reply.results = try Self.resultData(hits: hits, topks: [Int64(hits.count)], schema: collection.schema,
                                            outputFields: request.outputFields, limit: Int64(page.batchSize))
        reply.results.searchIteratorV2Results.token = page.token ?? UUID().uuidString
        reply.results.searchIteratorV2Results.lastBound = hits.last.map { Float($0["distance"]?.doubleValue ?? 0) }
            ?? page.lastBound ?? 0
        reply.sessionTs = MilvusTimestamp.now
        return reply
    }

    /// The metric a search body runs with, resolved as entities/search resolves it.
    static func metric(of body: JSONObject, collection: Quiver.Collection) async throws -> Metric {
        let request = APIRequest(body: body)
        let parameters = try SearchParameters(request.object("searchParams") ?? JSONObject())
        let field = try SearchRoute.annsField(request, schema: collection.schema)
        return await AnnSearch.metric(given: parameters.metric, field: field, collection: collection)
    }
}
