// Indexes over gRPC. CreateIndex's `extra_params` come flattened (metric_type, index_type, M,
// efConstruction as strings; a `params` key may hold a JSON object of build parameters): they
// become one REST indexParams element and run indexes/create. DescribeIndex with an empty
// index_name lists every index (optionally of one field); its state is Finished once every
// segment large enough has its index (smaller stores are searched exactly, so results are
// complete either way), which is what create_collection polls for.

import GRPCCore
import Quiver
import QuiverGRPC
import QuiverJSON
import QuiverMilvus

extension MilvusGRPCService {
    func createIndex(request: Milvus_Proto_Milvus_CreateIndexRequest, context: ServerContext) async throws -> MilvusStatus {
        await answerStatus {
            try MilvusDatabase.check(request.dbName)
            var index: JSONObject = ["fieldName": .string(request.fieldName)]
            if !request.indexName.isEmpty { index["indexName"] = .string(request.indexName) }
            var params = JSONObject()
            for pair in request.extraParams {
                switch pair.key {
                case "metric_type": index["metricType"] = .string(pair.value)
                case "index_type": index["indexType"] = .string(pair.value)
                case "params":
                    guard case .object(let nested)? = try? JSONParser.parse(pair.value, maxDepth: limits.jsonDepth) else {
                        throw APIError.invalid("extra_params 'params' must be a JSON object")
                    }
                    for (key, value) in nested.members { params[key] = value }
                default: params[pair.key] = .string(pair.value)
                }
            }
            for key in ["metric_type", "index_type"] { if let value = params[key] { index[key == "metric_type" ? "metricType" : "indexType"] = value; params[key] = nil } }
            index["params"] = .object(params)
            _ = try await rest("indexes", "create", ["collectionName": .string(request.collectionName),
                                                     "indexParams": .array([.object(index)])])
        }
    }

    func describeIndex(request: Milvus_Proto_Milvus_DescribeIndexRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_DescribeIndexResponse {
        await answer {
            try MilvusDatabase.check(request.dbName)
            let collection = try state.collection(request.collectionName)
            let all = await collection.indexes()
            let matching = all.filter { index in
                (request.indexName.isEmpty || index.indexName == request.indexName)
                    && (request.fieldName.isEmpty || index.fieldName == request.fieldName)
            }
            guard !matching.isEmpty else {
                let what = request.indexName.isEmpty ? "no index" : "no index '\(request.indexName)'"
                throw APIError(.indexNotFound, "collection '\(collection.name)' has \(what)")
            }
            var reply = Milvus_Proto_Milvus_DescribeIndexResponse()
            reply.status = .success
            reply.indexDescriptions = matching.map(Self.description)
            return reply
        }
    }

    static func description(of index: IndexStatus) -> Milvus_Proto_Milvus_IndexDescription {
        var description = Milvus_Proto_Milvus_IndexDescription()
        description.indexName = index.indexName
        description.fieldName = index.fieldName
        description.indexedRows = Int64(index.indexedRows)
        description.totalRows = Int64(index.indexedRows + index.pendingRows)
        description.pendingIndexRows = Int64(index.pendingRows)
        description.state = index.state == "Finished" ? .finished : .inProgress
        func pair(_ key: String, _ value: String) -> Milvus_Proto_Common_KeyValuePair {
            var pair = Milvus_Proto_Common_KeyValuePair()
            pair.key = key
            pair.value = value
            return pair
        }
        description.params = [pair("index_type", index.spec.kind.rawValue)]
        if !index.spec.kind.isForScalars { description.params.append(pair("metric_type", index.spec.metric.rawValue)) }
        description.params.append(pair("params", JSONWriter.string(of: .object(JSONObject(index.spec.parameters)))))
        return description
    }

    func dropIndex(request: Milvus_Proto_Milvus_DropIndexRequest, context: ServerContext) async throws -> MilvusStatus {
        await answerStatus {
            try MilvusDatabase.check(request.dbName)
            var name = request.indexName
            if name.isEmpty {
                let collection = try state.collection(request.collectionName)
                guard let index = await collection.indexes().first(where: { request.fieldName.isEmpty || $0.fieldName == request.fieldName }) else {
                    throw APIError(.indexNotFound, "collection '\(collection.name)' has no index on '\(request.fieldName)'")
                }
                name = index.indexName
            }
            _ = try await rest("indexes", "drop", ["collectionName": .string(request.collectionName), "indexName": .string(name)])
        }
    }
}
