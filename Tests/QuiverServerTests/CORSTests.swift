// CORS through the in-process router: off unless origins are configured; then preflights from
// allowed origins are answered (even with a token configured) and responses to them carry
// Access-Control-Allow-Origin, while other origins get no CORS header at all.

import HTTPTypes
import Quiver
@testable import QuiverServer
import Testing

@Suite struct CORSTests {
    static let app = "https://app.example.com"
    static let preflight: HTTPFields = [.origin: app, .accessControlRequestMethod: "POST",
                                        .accessControlRequestHeaders: "authorization, content-type"]

    @Test func allowedOriginsGetPreflightAnswersAndResponseHeaders() async throws {
        let configuration = ServerConfiguration(token: "root:Milvus", corsOrigins: [Self.app, "http://localhost:3000"])
        try await RouterHarness.withServer(configuration: configuration) { api, _ in
            let answered = try await api.request("/v2/vectordb/collections/list", method: .options, body: nil, headers: Self.preflight)
            #expect(answered.status == .noContent)
            #expect(answered.headers[.accessControlAllowOrigin] == Self.app)
            #expect(answered.headers[.accessControlAllowMethods]?.contains("POST") == true)
            #expect(answered.headers[.accessControlAllowHeaders]?.contains("Authorization") == true)
            #expect(answered.headers[.vary] == "Origin")

            let allowed = try await api.call("collections/list", nil, headers: [.origin: Self.app, .authorization: "Bearer root:Milvus"])
            #expect(allowed.code == 0)
            #expect(allowed.headers[.accessControlAllowOrigin] == Self.app)
            let refusedToken = try await api.call("collections/list", nil, headers: [.origin: Self.app])
            #expect(refusedToken.status == .unauthorized)
            #expect(refusedToken.headers[.accessControlAllowOrigin] == Self.app)   // the page can read the 401

            var foreign = Self.preflight
            foreign[.origin] = "https://evil.example.com"
            let notAnswered = try await api.request("/v2/vectordb/collections/list", method: .options, body: nil, headers: foreign)
            #expect(notAnswered.status != .noContent)
            #expect(notAnswered.headers[.accessControlAllowOrigin] == nil)
            let other = try await api.call("collections/list", nil, headers: [.origin: "https://evil.example.com", .authorization: "Bearer root:Milvus"])
            #expect(other.code == 0)
            #expect(other.headers[.accessControlAllowOrigin] == nil)
        }
    }

    @Test func withoutOriginsNoResponseCarriesCORSHeaders() async throws {
        try await RouterHarness.withServer { api, _ in
            let preflight = try await api.request("/v2/vectordb/collections/list", method: .options, body: nil, headers: Self.preflight)
            #expect(preflight.status == .methodNotAllowed)
            #expect(preflight.headers[.accessControlAllowOrigin] == nil)
            let call = try await api.call("collections/list", nil, headers: [.origin: Self.app])
            #expect(call.code == 0)
            #expect(call.headers[.accessControlAllowOrigin] == nil)
        }
    }

    @Test func aWildcardAllowsAnyOrigin() async throws {
        try await RouterHarness.withServer(configuration: ServerConfiguration(corsOrigins: ["*"])) { api, _ in
            let call = try await api.call("collections/list", nil, headers: [.origin: "https://anything.example"])
            #expect(call.headers[.accessControlAllowOrigin] == "https://anything.example")
        }
    }
}
