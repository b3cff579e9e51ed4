// Partitions and aliases over gRPC: each RPC runs the REST handler of the same name.

import GRPCCore
import QuiverGRPC
import QuiverJSON
import QuiverMilvus

extension MilvusGRPCService {
    func partitionBody(_ collection: String, _ partition: String) -> JSONObject {
        ["collectionName": .string(collection), "partitionName": .string(partition)]
    }

    func partitionsBody(_ collection: String, _ partitions: [String]) -> JSONObject {
        ["collectionName": .string(collection), "partitionNames": .array(partitions.map(JSONValue.string))]
    }

    func createPartition(request: Milvus_Proto_Milvus_CreatePartitionRequest, context: ServerContext) async throws -> MilvusStatus {
        await answerStatus { _ = try await rest("partitions", "create", partitionBody(request.collectionName, request.partitionName)) }
    }

    func dropPartition(request: Milvus_Proto_Milvus_DropPartitionRequest, context: ServerContext) async throws -> MilvusStatus {
        await answerStatus { _ = try await rest("partitions", "drop", partitionBody(request.collectionName, request.partitionName)) }
    }

    func hasPartition(request: Milvus_Proto_Milvus_HasPartitionRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_BoolResponse {
        await answer {
            let result = try await rest("partitions", "has", partitionBody(request.collectionName, request.partitionName))
            var reply = Milvus_Proto_Milvus_BoolResponse()
            reply.status = .success
            reply.value = result.data.objectValue?["has"] == .bool(true)
            return reply
        }
    }

    func showPartitions(request: Milvus_Proto_Milvus_ShowPartitionsRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_ShowPartitionsResponse {
        await answer {
            let result = try await rest("partitions", "list", ["collectionName": .string(request.collectionName)])
            var reply = Milvus_Proto_Milvus_ShowPartitionsResponse()
            reply.status = .success
            reply.partitionNames = (result.data.arrayValue ?? []).compactMap(\.stringValue)
            reply.partitionIds = reply.partitionNames.indices.map { Int64($0 + 1) }
            reply.inMemoryPercentages = reply.partitionNames.map { _ in 100 }
            return reply
        }
    }

    func loadPartitions(request: Milvus_Proto_Milvus_LoadPartitionsRequest, context: ServerContext) async throws -> MilvusStatus {
        await answerStatus { _ = try await rest("partitions", "load", partitionsBody(request.collectionName, request.partitionNames)) }
    }

    func releasePartitions(request: Milvus_Proto_Milvus_ReleasePartitionsRequest, context: ServerContext) async throws -> MilvusStatus {
        await answerStatus { _ = try await rest("partitions", "release", partitionsBody(request.collectionName, request.partitionNames)) }
    }

    // MARK: Aliases

    func createAlias(request: Milvus_Proto_Milvus_CreateAliasRequest, context: ServerContext) async throws -> MilvusStatus {
        await answerStatus {
            _ = try await rest("aliases", "create", ["collectionName": .string(request.collectionName), "aliasName": .string(request.alias)])
        }
    }

    func alterAlias(request: Milvus_Proto_Milvus_AlterAliasRequest, context: ServerContext) async throws -> MilvusStatus {
        await answerStatus {
            _ = try await rest("aliases", "alter", ["collectionName": .string(request.collectionName), "aliasName": .string(request.alias)])
        }
    }

    func dropAlias(request: Milvus_Proto_Milvus_DropAliasRequest, context: ServerContext) async throws -> MilvusStatus {
        await answerStatus { _ = try await rest("aliases", "drop", ["aliasName": .string(request.alias)]) }
    }

    func describeAlias(request: Milvus_Proto_Milvus_DescribeAliasRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_DescribeAliasResponse {
        await answer {
            let data = try await rest("aliases", "describe", ["aliasName": .string(request.alias)]).data.objectValue ?? JSONObject()
            var reply = Milvus_Proto_Milvus_DescribeAliasResponse()
            reply.status = .success
            reply.dbName = MilvusDatabase.defaultName
            reply.alias = request.alias
            reply.collection = data["collectionName"]?.stringValue ?? ""
            return reply
        }
    }

    func listAliases(request: Milvus_Proto_Milvus_ListAliasesRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_ListAliasesResponse {
        await answer {
            var body = JSONObject()
            if !request.collectionName.isEmpty { body["collectionName"] = .string(request.collectionName) }
            let result = try await rest("aliases", "list", body)
            var reply = Milvus_Proto_Milvus_ListAliasesResponse()
            reply.status = .success
            reply.dbName = MilvusDatabase.defaultName
            reply.collectionName = request.collectionName
            reply.aliases = (result.data.arrayValue ?? []).compactMap(\.stringValue)
            return reply
        }
    }
}
