// Search over gRPC. The request's parts become REST's entities/search body: query vectors from
// `placeholder_group` (a serialized PlaceholderGroup: one value per query, dim float32
// little-endian, or dim / 8 bytes for binary vectors), `dsl` as the filter, `search_params`
// (topk, offset, metric_type, anns_field, and `params`, a JSON object holding ef, nprobe,
// radius, range_filter) as limit, offset and searchParams. The reply's hits are laid out as
// Milvus's SearchResultData: flat ids and scores, `topks` splitting them per query, output
// fields as columns over every hit. Pages of pymilvus's search iterator (v2) are answered in
// MilvusGRPCService+SearchIterator.swift.

import Foundation
import GRPCCore
import Quiver
import QuiverGRPC
import QuiverJSON
import QuiverMilvus

extension MilvusGRPCService {
    func search(request: Milvus_Proto_Milvus_SearchRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_SearchResults {
        await answer {
            try MilvusDatabase.check(request.dbName)
            let collection = try state.collection(request.collectionName)
            let params = Dictionary(request.searchParams.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
            if let page = try SearchIteratorPage(params) {
                return try await searchIteratorPage(request, page: page, collection: collection)
            }
            let schema = collection.schema
            let body = try Self.searchBody(request, limits: limits)
            let result = try await rest("entities", "search", body)
            let hits = (result.data.arrayValue ?? []).compactMap(\.objectValue)
            let topks = (result.extra["topks"]?.arrayValue ?? []).map { $0.intValue ?? 0 }
            var reply = Milvus_Proto_Milvus_SearchResults()
            reply.status = .success
            reply.collectionName = collection.name
            reply.results = try Self.resultData(hits: hits, topks: topks, schema: schema, outputFields: request.outputFields,
                                                limit: body["limit"]?.intValue ?? 0)
            reply.sessionTs = MilvusTimestamp.now
            return reply
        }
    }

    /// REST's search body for a gRPC SearchRequest.
    static func searchBody(_ request: Milvus_Proto_Milvus_SearchRequest, limits: RequestLimits) throws(APIError) -> JSONObject {
        var body: JSONObject = ["collectionName": .string(request.collectionName),
                                "data": .array(try queryVectors(request.placeholderGroup))]
        let params = Dictionary(request.searchParams.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        if let topk = params["topk"] { body["limit"] = .int(Int64(try integer(topk, parameter: "topk"))) }
        if let offset = params["offset"] { body["offset"] = .int(Int64(try integer(offset, parameter: "offset"))) }
        if let field = params["anns_field"], !field.isEmpty { body["annsField"] = .string(field) }
        var searchParams = JSONObject()
        if let text = params["params"], !text.isEmpty {
            guard case .object(let inner)? = try? JSONParser.parse(text, maxDepth: limits.jsonDepth) else {
                throw APIError.invalid("search_params 'params' must be a JSON object")
            }
            searchParams["params"] = .object(inner)
            if let metric = inner["metric_type"] { searchParams["metricType"] = metric }
        }
        if let metric = params["metric_type"], !metric.isEmpty { searchParams["metricType"] = .string(metric) }
        body["searchParams"] = .object(searchParams)
        if !request.dsl.isEmpty { body["filter"] = .string(request.dsl) }
        if !request.outputFields.isEmpty { body["outputFields"] = .array(request.outputFields.map(JSONValue.string)) }
        if !request.partitionNames.isEmpty { body["partitionNames"] = .array(request.partitionNames.map(JSONValue.string)) }
        if !request.exprTemplateValues.isEmpty { body["exprParams"] = .object(GRPCTemplateValues.json(request.exprTemplateValues)) }
        return body
    }

    /// The query vectors of a serialized PlaceholderGroup, as REST's `data`.
    static func queryVectors(_ bytes: Data) throws(APIError) -> [JSONValue] {
        let group: Milvus_Proto_Common_PlaceholderGroup
        do {
            group = try Milvus_Proto_Common_PlaceholderGroup(serializedBytes: bytes)
        } catch {
            throw APIError.invalid("placeholder_group: not a PlaceholderGroup message")
        }
        guard let placeholder = group.placeholders.first, group.placeholders.count == 1 else {
            throw APIError.invalid("placeholder_group must hold one placeholder, got \(group.placeholders.count)")
        }
        switch placeholder.type {
        case .floatVector:
            return try placeholder.values.enumerated().map { position, value throws(APIError) in
                guard value.count % 4 == 0 else { throw APIError.invalid("query vector \(position): \(value.count) bytes is not a whole number of float32") }
                return .array(value.withUnsafeBytes { raw in
                    (0 ..< raw.count / 4).map { JSONValue.float(raw.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self)) }
                })
            }
        case .binaryVector:
            return placeholder.values.map { .array($0.map { .int(Int64($0)) }) }
        default:
            throw APIError.unsupported("query vectors of placeholder type \(placeholder.type)")
        }
    }

    /// Milvus's SearchResultData for REST's flat hits.
    static func resultData(hits: [JSONObject], topks: [Int64], schema: CollectionSchema, outputFields: [String],
                           limit: Int64) throws(APIError) -> Milvus_Proto_Schema_SearchResultData {
        let key = schema.primaryKeyField.name
        var data = Milvus_Proto_Schema_SearchResultData()
        data.numQueries = Int64(topks.count)
        data.topK = limit
        data.topks = topks
        data.ids = ids(hits.map { $0[key] ?? .null })
        data.scores = hits.map { Float($0["distance"]?.doubleValue ?? 0) }
        data.primaryFieldName = key
        let selection = try OutputSelection(outputFields, schema: schema)
        let keepsKey = selection.engineFields.contains(key)
        let rows = hits.map { hit in
            var row = hit
            row["distance"] = nil
            if !keepsKey { row[key] = nil }
            return row
        }
        data.fieldsData = GRPCColumns.columns(of: rows, schema: schema, fields: selection.engineFields)
        data.outputFields = replyOutputFields(outputFields, schema: schema)
        return data
    }
}
