// MilvusGRPCService: `milvus.proto.milvus.MilvusService` over an open Database, the door pymilvus
// and the other Milvus SDKs use. Each RPC translates its request into the Milvus model that REST
// uses too (QuiverMilvus) and answers with a reply whose `status` tells success or the failure
// (MilvusStatus.swift), never a gRPC error. Methods outside the .proto subset (CreateDatabase,
// users and roles, ...) are answered UNIMPLEMENTED by grpc-swift's router at once, naming the
// method. The topical handlers live in MilvusGRPCService+*.swift.
// Ownership: one value per server, shared by every call (Sendable; no state of its own).

import Foundation
import GRPCCore
import Quiver
import QuiverGRPC
import QuiverMilvus

struct MilvusGRPCService: Milvus_Proto_Milvus_MilvusService.SimpleServiceProtocol {
    typealias Request = Milvus_Proto_Milvus_MilvusService

    let state: ServerState
    let limits: RequestLimits

    /// The Milvus API version Quiver's gRPC front end speaks (clients compare it with what they need).
    static let milvusVersion = "v2.6.0"

    /// Runs `body`; whatever it throws becomes the reply's status.
    func answer<Reply: MilvusReply>(_ body: () async throws -> Reply) async -> Reply {
        do {
            return try await body()
        } catch {
            return Reply(failure: error)
        }
    }

    /// The same for RPCs that answer a bare Status.
    func answerStatus(_ body: () async throws -> Void) async -> MilvusStatus {
        do {
            try await body()
            return .success
        } catch {
            return MilvusStatus(anyError: error)
        }
    }

    // MARK: Session and server

    func connect(request: Milvus_Proto_Milvus_ConnectRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_ConnectResponse {
        var reply = Milvus_Proto_Milvus_ConnectResponse()
        if ConnectAuthentication.isRefused {
            reply.status = MilvusStatus(APIError(.notAuthenticated, GRPCAuthentication.refusal))
            return reply
        }
        reply.status = .success
        reply.serverInfo.buildTags = Self.milvusVersion
        reply.serverInfo.deployMode = "quiver"
        reply.identifier = 1
        return reply
    }

    func getVersion(request: Milvus_Proto_Milvus_GetVersionRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_GetVersionResponse {
        var reply = Milvus_Proto_Milvus_GetVersionResponse()
        reply.status = .success
        reply.version = Self.milvusVersion
        return reply
    }

    func checkHealth(request: Milvus_Proto_Milvus_CheckHealthRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_CheckHealthResponse {
        var reply = Milvus_Proto_Milvus_CheckHealthResponse()
        reply.status = .success
        reply.isHealthy = true
        return reply
    }

    func allocTimestamp(request: Milvus_Proto_Milvus_AllocTimestampRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_AllocTimestampResponse {
        var reply = Milvus_Proto_Milvus_AllocTimestampResponse()
        reply.status = .success
        reply.timestamp = MilvusTimestamp.now
        return reply
    }

    // MARK: Databases: Quiver has one, `default`.

    func listDatabases(request: Milvus_Proto_Milvus_ListDatabasesRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_ListDatabasesResponse {
        var reply = Milvus_Proto_Milvus_ListDatabasesResponse()
        reply.status = .success
        reply.dbNames = [MilvusDatabase.defaultName]
        reply.dbIds = [1]
        return reply
    }

    func describeDatabase(request: Milvus_Proto_Milvus_DescribeDatabaseRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_DescribeDatabaseResponse {
        await answer {
            try MilvusDatabase.check(request.dbName)
            var reply = Milvus_Proto_Milvus_DescribeDatabaseResponse()
            reply.status = .success
            reply.dbName = MilvusDatabase.defaultName
            reply.dbID = 1
            return reply
        }
    }

    // MARK: Collections


    func showCollections(request: Milvus_Proto_Milvus_ShowCollectionsRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_ShowCollectionsResponse {
        await answer {
            try MilvusDatabase.check(request.dbName)
            var reply = Milvus_Proto_Milvus_ShowCollectionsResponse()
            reply.status = .success
            reply.collectionNames = try state.database.listCollections()
            return reply
        }
    }
}

/// Quiver serves one database; Milvus clients name it `default` (or leave the name empty).
enum MilvusDatabase {
    static let defaultName = "default"

    /// Refuses any database but `default`.
    static func check(_ name: String) throws(APIError) {
        guard name.isEmpty || name == defaultName else {
            throw APIError(.invalidParameter, "database '\(name.prefix(64))' does not exist; Quiver serves one database, 'default'")
        }
    }
}

/// Milvus timestamps (hybrid logical clocks): physical milliseconds << 18. Quiver is strongly
/// consistent, so a timestamp only has to look like Milvus's to the clients that echo it back.
enum MilvusTimestamp {
    static var now: UInt64 { UInt64(max(0, Date().timeIntervalSince1970 * 1000)) << 18 }
}
