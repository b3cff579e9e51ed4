// GRPCAuthentication: the token check of `quiver serve --token`, for gRPC. Milvus clients send
// the `authorization` metadata on every call (Connect included) as base64 of the token, or of
// "user:password" (pymilvus: `token="root:Milvus"` or `user=`/`password=`), so the configured
// token is compared with the decoded value, in time independent of where they differ. A call
// without a valid token fails at once with UNAUTHENTICATED, which clients do not retry. Connect
// is the exception: pymilvus turns any gRPC error of Connect into its own "Fail connecting ...
// illegal connection params", hiding why, but it raises the server's own message when Connect
// answers a failed Status. So Connect runs with `ConnectAuthentication.isRefused` set and
// answers code 1800 (not authenticated) with the same words; it reveals nothing else.

import Foundation
import GRPCCore
import QuiverGRPC

struct GRPCAuthentication: ServerInterceptor {
    /// The token every call must carry; nil serves without authentication.
    let token: String?

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>, context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        guard let token else { return try await next(request, context) }
        guard Self.matches(request.metadata[stringValues: "authorization"].first(where: { _ in true }), token: token) else {
            if context.descriptor == Milvus_Proto_Milvus_MilvusService.Method.Connect.descriptor {
                return try await ConnectAuthentication.$isRefused.withValue(true) { try await next(request, context) }
            }
            throw RPCError(code: .unauthenticated, message: Self.refusal)
        }
        return try await next(request, context)
    }

    /// What a call without a valid token is told.
    static let refusal = "a valid 'authorization' (base64 of the token, or of user:password) is required"

    /// True when `authorization` is base64 of `token`.
    static func matches(_ authorization: String?, token: String) -> Bool {
        guard let authorization, let decoded = Data(base64Encoded: authorization.trimmingCharacters(in: .whitespaces)) else {
            return false
        }
        return BearerToken.constantTimeEqual(Array(decoded), Array(token.utf8))
    }
}

/// Set while Connect runs for a caller whose token did not match (see GRPCAuthentication).
enum ConnectAuthentication {
    @TaskLocal static var isRefused = false
}
