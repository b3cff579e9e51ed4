// Request deadlines: the `Request-Timeout` header and the configured default. A test-only route
// that never finishes on its own shows the deadline answering (HTTP 408, code 10001); the tests
// assert outcomes, not how long anything took.

import HTTPTypes
import Quiver
@testable import QuiverServer
import Testing
import QuiverMilvus

@Suite struct RequestTimeoutTests {
    /// Suspends until cancelled (the deadline cancels it).
    static let stall = APIRoute("test", "stall") { _, _ in
        try await Task.sleep(for: .seconds(3600))
        return .empty
    }

    static let timeoutHeader = HTTPField.Name("Request-Timeout")!

    @Test func theHeaderSetsTheDeadline() async throws {
        let metrics = ServerMetrics()
        try await RouterHarness.withServer(metrics: metrics, extraRoutes: [Self.stall]) { api, _ in
            let reply = try await api.call("test/stall", nil, headers: [Self.timeoutHeader: "1"])
            #expect(reply.status == .requestTimeout)
            #expect(reply.code == 10001)
            #expect(reply.message.hasPrefix("request timeout: "))
            let quick = try await api.call("collections/list", nil, headers: [Self.timeoutHeader: "5"])
            #expect(quick.code == 0)
            let (_, text) = try await api.text("/metrics")
            #expect(text.contains(#"quiver_http_requests_total{route="/v2/vectordb/test/stall",outcome="timeout",code="10001"} 1"#))
        }
    }

    @Test func theConfiguredDefaultAppliesWithoutAHeader() async throws {
        let configuration = ServerConfiguration(requestTimeout: .milliseconds(200))
        try await RouterHarness.withServer(configuration: configuration, extraRoutes: [Self.stall]) { api, _ in
            let reply = try await api.call("test/stall", nil)
            #expect(reply.status == .requestTimeout)
            #expect(reply.code == 10001)
        }
    }

    @Test func aMalformedHeaderIsAnInvalidParameter() async throws {
        try await RouterHarness.withServer { api, _ in
            for value in ["abc", "0", "-3", "1.5"] {
                let reply = try await api.call("collections/list", nil, headers: [Self.timeoutHeader: value])
                #expect(reply.code == 1100)
                #expect(reply.message.contains("Request-Timeout"))
                #expect(reply.message.contains("'\(value)'"))
            }
        }
    }

    @Test func workThatFinishesFirstWins() async throws {
        let value = try await RequestDeadline.run(within: .seconds(60)) { 42 }
        #expect(value == 42)
        await #expect(throws: APIError.self) {
            try await RequestDeadline.run(within: .milliseconds(50)) { () async throws -> Int in
                try await Task.sleep(for: .seconds(3600))
                return 0
            }
        }
    }
}
