// Collections over gRPC: CreateCollection reads the protobuf schema into the REST schema body
// and runs collections/create (same checks, same messages); the rest run the REST handlers or
// read the collection's schema. DescribeCollection never lists `$meta` (the dynamic field is
// `enable_dynamic_field`; pymilvus 3.0.2 fails to insert when `$meta` is listed).

import Foundation
import GRPCCore
import Quiver
import QuiverGRPC
import QuiverJSON
import QuiverMilvus

extension MilvusGRPCService {
    /// Runs the REST handler `<group>/<action>` on `body`.
    func rest(_ group: String, _ action: String, _ body: JSONObject) async throws -> APIResult {
        try await APIRoutes.handler(group, action)(APIRequest(body: body, limits: limits), state)
    }

    func createCollection(request: Milvus_Proto_Milvus_CreateCollectionRequest, context: ServerContext) async throws -> MilvusStatus {
        await answerStatus {
            try MilvusDatabase.check(request.dbName)
            let schema: Milvus_Proto_Schema_CollectionSchema
            do {
                schema = try Milvus_Proto_Schema_CollectionSchema(serializedBytes: request.schema)
            } catch {
                throw APIError(.invalidParameter, "schema: not a CollectionSchema message (\(error))")
            }
            var body: JSONObject = ["collectionName": .string(request.collectionName), "schema": .object(try GRPCSchema.body(of: schema))]
            if request.numPartitions > 0, schema.fields.contains(where: \.isPartitionKey) {
                body["params"] = .object(["partitionsNum": .int(request.numPartitions)])
            }
            _ = try await rest("collections", "create", body)
        }
    }

    func dropCollection(request: Milvus_Proto_Milvus_DropCollectionRequest, context: ServerContext) async throws -> MilvusStatus {
        await answerStatus {
            try MilvusDatabase.check(request.dbName)
            _ = try await rest("collections", "drop", ["collectionName": .string(request.collectionName)])
        }
    }

    func hasCollection(request: Milvus_Proto_Milvus_HasCollectionRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_BoolResponse {
        await answer {
            try MilvusDatabase.check(request.dbName)
            var reply = Milvus_Proto_Milvus_BoolResponse()
            reply.status = .success
            reply.value = try state.database.hasCollection(request.collectionName)
            return reply
        }
    }

    func describeCollection(request: Milvus_Proto_Milvus_DescribeCollectionRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_DescribeCollectionResponse {
        await answer {
            try MilvusDatabase.check(request.dbName)
            let collection = try state.collection(request.collectionName)
            var reply = Milvus_Proto_Milvus_DescribeCollectionResponse()
            reply.status = .success
            reply.schema = GRPCSchema.proto(of: collection.schema, name: collection.name)
            reply.collectionID = collection.writer.collectionID
            reply.collectionName = collection.name
            reply.dbName = MilvusDatabase.defaultName
            reply.shardsNum = 1
            reply.numPartitions = Int64(await collection.listPartitions().count)
            reply.consistencyLevel = .strong
            reply.aliases = try state.database.listAliases(collection: collection.name).sorted()
            return reply
        }
    }

    func loadCollection(request: Milvus_Proto_Milvus_LoadCollectionRequest, context: ServerContext) async throws -> MilvusStatus {
        await answerStatus { _ = try await rest("collections", "load", ["collectionName": .string(request.collectionName)]) }
    }

    func releaseCollection(request: Milvus_Proto_Milvus_ReleaseCollectionRequest, context: ServerContext) async throws -> MilvusStatus {
        await answerStatus { _ = try await rest("collections", "release", ["collectionName": .string(request.collectionName)]) }
    }

    /// Loading is immediate in Quiver: a loaded collection (or partition set) is at 100.
    func getLoadingProgress(request: Milvus_Proto_Milvus_GetLoadingProgressRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_GetLoadingProgressResponse {
        await answer {
            let loaded = try await isLoaded(request.collectionName, partitions: request.partitionNames)
            var reply = Milvus_Proto_Milvus_GetLoadingProgressResponse()
            reply.status = .success
            reply.progress = loaded ? 100 : 0
            reply.refreshProgress = reply.progress
            return reply
        }
    }

    func getLoadState(request: Milvus_Proto_Milvus_GetLoadStateRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_GetLoadStateResponse {
        await answer {
            var reply = Milvus_Proto_Milvus_GetLoadStateResponse()
            reply.status = .success
            guard try state.database.hasCollection(request.collectionName) else {
                reply.state = .notExist
                return reply
            }
            reply.state = try await isLoaded(request.collectionName, partitions: request.partitionNames) ? .loaded : .notLoad
            return reply
        }
    }

    /// collections/get_load_state's answer, as a flag.
    func isLoaded(_ name: String, partitions: [String]) async throws -> Bool {
        var body: JSONObject = ["collectionName": .string(name)]
        if !partitions.isEmpty { body["partitionNames"] = .array(partitions.map(JSONValue.string)) }
        let result = try await rest("collections", "get_load_state", body)
        return result.data.objectValue?["loadState"]?.stringValue == "LoadStateLoaded"
    }

    func getCollectionStatistics(request: Milvus_Proto_Milvus_GetCollectionStatisticsRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_GetCollectionStatisticsResponse {
        await answer {
            let result = try await rest("collections", "get_stats", ["collectionName": .string(request.collectionName)])
            var reply = Milvus_Proto_Milvus_GetCollectionStatisticsResponse()
            reply.status = .success
            var rowCount = Milvus_Proto_Common_KeyValuePair()
            rowCount.key = "row_count"
            rowCount.value = String(result.data.objectValue?["rowCount"]?.intValue ?? 0)
            reply.stats = [rowCount]
            return reply
        }
    }

    func renameCollection(request: Milvus_Proto_Milvus_RenameCollectionRequest, context: ServerContext) async throws -> MilvusStatus {
        await answerStatus {
            try MilvusDatabase.check(request.dbName)
            try MilvusDatabase.check(request.newDbname)
            _ = try await rest("collections", "rename", ["collectionName": .string(request.oldName),
                                                         "newCollectionName": .string(request.newName)])
        }
    }
}
