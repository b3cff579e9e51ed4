// GRPCAuthentication: the token check of `quiver serve --token`, for gRPC. Milvus clients send
// the `authorization` metadata on every call (Connect included) as base64 of the token, or of
// "user:password" (pymilvus: `token="root:Milvus"` or `user=`/`password=`), so the configured
// token is compared with the decoded value, in time independent of where they differ. A call
// without a valid token fails at once with UNAUTHENTICATED, which clients do not retry.

import Foundation
import GRPCCore

struct GRPCAuthentication: ServerInterceptor {
    /// The token every call must carry; nil serves without authentication.
    let token: String?

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>, context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        guard let token else { return try await next(request, context) }
        guard Self.matches(request.metadata[stringValues: "authorization"].first(where: { _ in true }), token: token) else {
            throw RPCError(code: .unauthenticated, message: "a valid 'authorization' (base64 of the token, or of user:password) is required")
        }
        return try await next(request, context)
    }

    /// True when `authorization` is base64 of `token`.
    static func matches(_ authorization: String?, token: String) -> Bool {
        guard let authorization, let decoded = Data(base64Encoded: authorization.trimmingCharacters(in: .whitespaces)) else {
            return false
        }
        return BearerToken.constantTimeEqual(Array(decoded), Array(token.utf8))
    }
}
