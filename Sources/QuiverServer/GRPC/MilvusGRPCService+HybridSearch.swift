// HybridSearch and compaction over gRPC. HybridSearch's sub-requests are SearchRequests (each
// translated as Search translates one) and `rank_params` (strategy, params JSON, limit, offset)
// the reranker; entities/hybrid_search fuses them. ManualCompaction runs collections/compact,
// which completes before it answers, so GetCompactionState reports Completed; the compaction id
// is the collection's id.

import GRPCCore
import Quiver
import QuiverGRPC
import QuiverJSON
import QuiverMilvus

extension MilvusGRPCService {
    func hybridSearch(request: Milvus_Proto_Milvus_HybridSearchRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_SearchResults {
        await answer {
            try MilvusDatabase.check(request.dbName)
            let collection = try state.collection(request.collectionName)
            var searches: [JSONValue] = []
            for sub in request.requests {
                var body = try Self.searchBody(sub, limits: limits)
                body["collectionName"] = nil
                searches.append(.object(body))
            }
            let rank = Dictionary(request.rankParams.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
            var rerank: JSONObject = ["strategy": .string(rank["strategy"] ?? "rrf")]
            if let text = rank["params"], !text.isEmpty {
                guard case .object(let params)? = try? JSONParser.parse(text, maxDepth: limits.jsonDepth) else {
                    throw APIError.invalid("rank_params 'params' must be a JSON object")
                }
                rerank["params"] = .object(params)
            }
            var body: JSONObject = ["collectionName": .string(request.collectionName), "search": .array(searches),
                                    "rerank": .object(rerank)]
            if let limit = rank["limit"] { body["limit"] = .int(Int64(try Self.integer(limit, parameter: "limit"))) }
            if let offset = rank["offset"] { body["offset"] = .int(Int64(try Self.integer(offset, parameter: "offset"))) }
            if !request.outputFields.isEmpty { body["outputFields"] = .array(request.outputFields.map(JSONValue.string)) }
            if !request.partitionNames.isEmpty { body["partitionNames"] = .array(request.partitionNames.map(JSONValue.string)) }
            let result = try await rest("entities", "hybrid_search", body)
            var reply = Milvus_Proto_Milvus_SearchResults()
            reply.status = .success
            reply.collectionName = collection.name
            reply.results = try Self.resultData(hits: (result.data.arrayValue ?? []).compactMap(\.objectValue),
                                                topks: (result.extra["topks"]?.arrayValue ?? []).map { $0.intValue ?? 0 },
                                                schema: collection.schema, outputFields: request.outputFields,
                                                limit: body["limit"]?.intValue ?? 100)
            return reply
        }
    }

    func manualCompaction(request: Milvus_Proto_Milvus_ManualCompactionRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_ManualCompactionResponse {
        await answer {
            try MilvusDatabase.check(request.dbName)
            let collection = try state.collection(request.collectionName)
            _ = try await rest("collections", "compact", ["collectionName": .string(collection.name)])
            var reply = Milvus_Proto_Milvus_ManualCompactionResponse()
            reply.status = .success
            reply.compactionID = collection.writer.collectionID
            reply.compactionPlanCount = 1
            return reply
        }
    }

    func getCompactionState(request: Milvus_Proto_Milvus_GetCompactionStateRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_GetCompactionStateResponse {
        var reply = Milvus_Proto_Milvus_GetCompactionStateResponse()
        reply.status = .success
        reply.state = .completed
        reply.completedPlanNo = 1
        return reply
    }
}
