// GRPCLoad: closed-loop gRPC search load for `quiver-bench http|grpc`, as LoadRun does for
// HTTP: each client is a task with its own connection (its own GRPCClient over HTTP/2, as each
// pymilvus process has its own channel) sending one Search, waiting for it, sending the next.
// A reply whose status is not success fails the run.

import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import QuiverGRPC

enum GRPCLoad {
    typealias Client = Milvus_Proto_Milvus_MilvusService.Client<HTTP2ClientTransport.Posix>

    /// Runs `body` with a client connected to 127.0.0.1:`port`.
    static func withClient<Value: Sendable>(port: Int, _ body: (Client) async throws -> Value) async throws -> Value {
        let transport = try HTTP2ClientTransport.Posix(target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: .plaintext)
        return try await withGRPCClient(transport: transport) { try await body(Client(wrapping: $0)) }
    }

    /// A Search of one query vector, as pymilvus sends it (topk, params JSON with ef).
    static func searchRequest(collection: String, vector: [Float], k: Int, ef: Int) throws -> Milvus_Proto_Milvus_SearchRequest {
        var request = Milvus_Proto_Milvus_SearchRequest()
        request.collectionName = collection
        request.placeholderGroup = try Milvus_Proto_Common_PlaceholderGroup.serialized(floatVectors: [vector])
        request.nq = 1
        request.searchParams = [pair("topk", "\(k)"), pair("round_decimal", "-1"), pair("params", #"{"ef":\#(ef)}"#)]
        return request
    }

    static func pair(_ key: String, _ value: String) -> Milvus_Proto_Common_KeyValuePair {
        var pair = Milvus_Proto_Common_KeyValuePair()
        pair.key = key
        pair.value = value
        return pair
    }

    static func search(clients: Int, seconds: Double, port: Int, requests: [Milvus_Proto_Milvus_SearchRequest]) async throws -> LoadRun.Result {
        try await LoadRun.tasks(clients: clients, seconds: seconds) { _, loop in
            try await withClient(port: port) { milvus in
                try await loop { request in
                    let reply = try await milvus.search(requests[request % requests.count])
                    guard reply.status.code == 0 else { throw HTTPBenchError(description: "grpc search: \(reply.status.reason)") }
                }
            }
        }
    }
}
