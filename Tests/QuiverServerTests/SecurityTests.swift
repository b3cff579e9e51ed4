// Auth, method, body-size and nesting limits through the in-process router.

import HTTPTypes
import Quiver
@testable import QuiverServer
import Testing
import QuiverMilvus

@Suite struct SecurityTests {
    @Test func aTokenGuardsEveryRouteButHealthz() async throws {
        let configuration = ServerConfiguration(token: "root:Milvus")
        try await RouterHarness.withServer(configuration: configuration) { api, _ in
            let none = try await api.call("collections/list", nil)
            #expect(none.status == .unauthorized)
            #expect(none.code == 1800)
            #expect(try await api.call("collections/list", nil, headers: [.authorization: "Bearer root:milvus"]).status == .unauthorized)
            #expect(try await api.call("collections/list", nil, headers: [.authorization: "Bearer root:Milvus2"]).status == .unauthorized)
            #expect(try await api.call("collections/list", nil, headers: [.authorization: "Basic root:Milvus"]).status == .unauthorized)
            let good = try await api.call("collections/list", nil, headers: [.authorization: "Bearer root:Milvus"])
            #expect(good.status == .ok)
            #expect(good.code == 0)
            #expect(try await api.text("/metrics").0 == .unauthorized)
            #expect(try await api.text("/healthz") == (.ok, "ok\n"))
            var authorized = api
            authorized.headers = [.authorization: "Bearer root:Milvus"]
            #expect(try await authorized.text("/metrics").0 == .ok)
        }
    }

    @Test func withoutATokenNoHeaderIsNeeded() async throws {
        try await RouterHarness.withServer { api, _ in
            let list = try await api.call("collections/list", nil)
            let metrics = try await api.text("/metrics")
            #expect(list.code == 0)
            #expect(metrics.0 == .ok)
        }
    }

    @Test func constantTimeComparisonStillComparesEveryByte() {
        #expect(BearerToken.matches(authorization: "Bearer a:b", expected: "a:b"))
        #expect(!BearerToken.matches(authorization: "Bearer a:c", expected: "a:b"))
        #expect(!BearerToken.matches(authorization: "Bearer a:bb", expected: "a:b"))
        #expect(!BearerToken.matches(authorization: "Bearer ", expected: ""))
        #expect(!BearerToken.matches(authorization: nil, expected: "a:b"))
    }

    @Test func getOnAnAPIRouteIs405AndChangesNothing() async throws {
        try await RouterHarness.withServer { api, database in
            let reply = try await api.request("/v2/vectordb/collections/create", method: .get,
                                              body: #"{"collectionName":"x","dimension":4}"#)
            #expect(reply.status == .methodNotAllowed)
            #expect(reply.headers[.allow] == "POST")
            #expect(try database.listCollections().isEmpty)
            #expect(try await api.request("/metrics", method: .post, body: nil).status == .methodNotAllowed)
            #expect(try await api.request("/v2/vectordb/nothing/here", method: .post, body: nil).status == .notFound)
        }
    }

    @Test func anOversizedBodyIsRefusedWith413() async throws {
        try await RouterHarness.withServer(configuration: ServerConfiguration(maxBodyByteCount: 1024)) { api, _ in
            let padding = String(repeating: " ", count: 2048)
            let reply = try await api.call("collections/list", "{\(padding)}")
            #expect(reply.status == .contentTooLarge)
            #expect(reply.code == 1102)
            #expect(try await api.call("collections/list", "{}").code == 0)
        }
    }

    @Test func deepNestingAndBatchCapsAreRefused() async throws {
        var limits = RequestLimits()
        limits.batchRowCount = 2
        limits.jsonDepth = 16
        try await RouterHarness.withServer(configuration: ServerConfiguration(limits: limits)) { api, _ in
            let deep = "{\"a\":" + String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "}"
            let nested = try await api.call("collections/list", deep)
            #expect(nested.code == 1801)
            #expect(nested.message.contains("nesting"))
            try await api.ok("collections/create", #"{"collectionName":"c","dimension":2}"#)
            let batch = try await api.call("entities/insert", #"{"collectionName":"c","data":[{"id":1,"vector":[1,2]},{"id":2,"vector":[1,2]},{"id":3,"vector":[1,2]}]}"#)
            #expect(batch.code == 1102)
            let filter = String(repeating: "x", count: 70_000)
            #expect(try await api.call("entities/query", #"{"collectionName":"c","filter":"\#(filter)"}"#).code == 1102)
            let ids = try await api.call("entities/get", #"{"collectionName":"c","id":[1,2,3]}"#)
            #expect(ids.code == 1102)
        }
    }

    @Test func responsesCarryARequestID() async throws {
        try await RouterHarness.withServer { api, _ in
            let first = try await api.call("collections/list", nil)
            let second = try await api.call("collections/list", nil)
            let firstID = try #require(first.headers[.requestID])
            #expect(!firstID.isEmpty)
            #expect(first.headers[.requestID] != second.headers[.requestID])
        }
    }
}
