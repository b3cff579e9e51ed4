// GRPCTestClient: grpc-swift's real client (HTTP/2 in cleartext, GRPCNIOTransportHTTP2's Posix
// transport, as pymilvus connects) to a `quiver serve` on 127.0.0.1, with the Milvus stubs. Bytes
// no client library would send go through QuiverHarness's LoopbackSocket.
// Bounds: every call has a deadline (CallOptions.timeout); tests assert on outcomes, never on how
// long they took.

import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import QuiverGRPC

enum GRPCTestClient {
    typealias Milvus = Milvus_Proto_Milvus_MilvusService.Client<HTTP2ClientTransport.Posix>

    /// Generous: the debug server shares two cores with the rest of `make test`.
    static var options: CallOptions {
        var options = CallOptions.defaults
        options.timeout = .seconds(120)
        return options
    }

    /// `authorization` as pymilvus sends it: base64 of the token.
    static func authorization(_ token: String) -> Metadata {
        var metadata = Metadata()
        metadata.addString(Data(token.utf8).base64EncodedString(), forKey: "authorization")
        return metadata
    }

    /// Runs `body` with a client connected to `port`; the connection closes when it returns.
    static func with<Result: Sendable>(port: Int, _ body: (Milvus) async throws -> Result) async throws -> Result {
        let transport = try HTTP2ClientTransport.Posix(target: .ipv4(address: "127.0.0.1", port: port),
                                                       transportSecurity: .plaintext)
        return try await withGRPCClient(transport: transport) { client in
            try await body(Milvus(wrapping: client))
        }
    }

    /// The RPCError `body` throws; fails the test (returns nil) when it succeeds or throws another error.
    static func rpcError(_ body: () async throws -> Void) async -> RPCError? {
        do {
            try await body()
            return nil
        } catch let error as RPCError {
            return error
        } catch {
            return nil
        }
    }
}
