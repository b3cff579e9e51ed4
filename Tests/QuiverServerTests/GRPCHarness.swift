// GRPCHarness: the gRPC MilvusService over a fresh database, through grpc-swift's in-process
// transport (no sockets), with a generated client; and builders for the messages pymilvus sends
// (a serialized schema, columns, a placeholder group), so tests read like the client's calls.

import Foundation
import GRPCCore
import GRPCInProcessTransport
import Quiver
import QuiverGRPC
import QuiverJSON
@testable import QuiverServer
import Testing

typealias MilvusClient = Milvus_Proto_Milvus_MilvusService.Client<InProcessTransport.Client>

enum GRPCHarness {
    /// Runs `body` with a client of a MilvusService over a fresh database (with `token`, the
    /// client sends `authorization` only when `clientToken` is given).
    static func withService<Value: Sendable>(token: String? = nil, clientToken: String? = nil,
                                             _ body: @Sendable (MilvusClient, Database) async throws -> Value) async throws -> Value {
        try await withRawService(token: token, clientToken: clientToken) { client, database in
            try await body(MilvusClient(wrapping: client), database)
        }
    }

    /// The same with the untyped client (for calls the generated client has no method for).
    static func withRawService<Value: Sendable>(token: String? = nil, clientToken: String? = nil,
                                                _ body: @Sendable (GRPCClient<InProcessTransport.Client>, Database) async throws -> Value) async throws -> Value {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quiver-grpc-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var options = DatabaseOptions()
        options.compaction.isEnabled = false
        let database = try await Database.open(at: directory, options: options)
        let service = MilvusGRPCService(state: ServerState(database: database, metrics: ServerMetrics()), limits: RequestLimits())
        let transport = InProcessTransport()
        do {
            let value = try await withGRPCServer(transport: transport.server, services: [service, MilvusUnservedMethods()],
                                                 interceptors: [GRPCAuthentication(token: token)]) { _ in
                try await withGRPCClient(transport: transport.client,
                                         interceptors: clientToken.map { [AuthorizationHeader(token: $0)] } ?? []) { client in
                    try await body(client, database)
                }
            }
            await database.close()
            return value
        } catch {
            await database.close()
            throw error
        }
    }

    /// The serialized schema of CreateCollection.
    static func schema(_ fields: [ProtoFieldSchema], dynamic: Bool = false, autoID: Bool = false) throws -> Data {
        var schema = ProtoCollectionSchema()
        schema.fields = fields
        schema.enableDynamicField = dynamic
        schema.autoID = autoID
        return try schema.serializedBytes()
    }

    static func field(_ name: String, _ type: ProtoDataType, primary: Bool = false, params: [String: String] = [:],
                      nullable: Bool = false, element: ProtoDataType = .none) -> ProtoFieldSchema {
        var field = ProtoFieldSchema()
        field.name = name
        field.dataType = type
        field.isPrimaryKey = primary
        field.nullable = nullable
        field.elementType = element
        field.typeParams = params.sorted { $0.key < $1.key }.map { pair($0.key, $0.value) }
        return field
    }

    static func pair(_ key: String, _ value: String) -> Milvus_Proto_Common_KeyValuePair {
        var pair = Milvus_Proto_Common_KeyValuePair()
        pair.key = key
        pair.value = value
        return pair
    }

    static func longColumn(_ name: String, _ values: [Int64]) -> FieldData {
        var column = FieldData()
        column.type = .int64
        column.fieldName = name
        column.scalars.longData.data = values
        return column
    }

    static func vectorColumn(_ name: String, _ vectors: [[Float]]) -> FieldData {
        var column = FieldData()
        column.type = .floatVector
        column.fieldName = name
        column.vectors.dim = Int64(vectors.first?.count ?? 0)
        column.vectors.floatVector.data = vectors.flatMap { $0 }
        return column
    }

    static func dynamicColumn(_ objects: [String]) -> FieldData {
        var column = FieldData()
        column.type = .json
        column.fieldName = "$meta"
        column.isDynamic = true
        column.scalars.jsonData.data = objects.map { Data($0.utf8) }
        return column
    }

    /// A serialized PlaceholderGroup of float query vectors, as pymilvus packs them.
    static func placeholders(_ vectors: [[Float]]) throws -> Data {
        try Milvus_Proto_Common_PlaceholderGroup.serialized(floatVectors: vectors)
    }
}

/// Sends `authorization: base64(token)` on every call, as pymilvus does.
struct AuthorizationHeader: ClientInterceptor {
    let token: String

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingClientRequest<Input>, context: ClientContext,
        next: (StreamingClientRequest<Input>, ClientContext) async throws -> StreamingClientResponse<Output>
    ) async throws -> StreamingClientResponse<Output> {
        var request = request
        request.metadata.addString(Data(token.utf8).base64EncodedString(), forKey: "authorization")
        return try await next(request, context)
    }
}
