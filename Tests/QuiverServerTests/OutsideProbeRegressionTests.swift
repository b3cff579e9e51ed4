// Regression tests for what an outside probe of `quiver serve` found (issue 11): a request whose
// `limit + offset` overflowed Int64 trapped the process; a cross-site "simple" POST (text/plain,
// no preflight) could write; racing create/insert/drop of one name answered undocumented codes
// and leaked absolute paths and Swift type names; a 413 left the connection open; invalid UTF-8
// was stored as U+FFFD; odd header values, a non-string dbName and partitionsNum without a
// partition key were accepted silently. Each test fails on the code before the fix.

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Quiver
@testable import QuiverServer
import Testing
import QuiverJSON

@Suite struct OutsideProbeRegressionTests {
    static let create = #"{"collectionName":"c","dimension":4}"#
    static let insert = #"{"collectionName":"c","data":[{"id":1,"vector":[1,2,3,4]},{"id":2,"vector":[2,3,4,5]}]}"#

    // MARK: 1. Arithmetic on request numbers

    @Test func limitAndOffsetPastInt64AreRefusedNotTrapped() async throws {
        try await RouterHarness.withServer { api, _ in
            try await api.ok("collections/create", Self.create)
            try await api.ok("entities/insert", Self.insert)
            let huge = "9223372036854775807"
            let pages = [("10", huge), (huge, "1"), (huge, huge), ("-9223372036854775808", "1"), ("1", "-1"), ("\"\(huge)\"", "1")]
            for (limit, offset) in pages {
                let paging = #""limit":\#(limit),"offset":\#(offset)"#
                let requests = [
                    ("entities/query", #"{"collectionName":"c","filter":"id > 0",\#(paging)}"#),
                    ("entities/search", #"{"collectionName":"c","data":[[1,2,3,4]],\#(paging)}"#),
                    ("entities/hybrid_search", #"{"collectionName":"c","search":[{"data":[[1,2,3,4]],"annsField":"vector"}],"rerank":{"strategy":"rrf","params":{"k":60}},\#(paging)}"#),
                ]
                for (route, body) in requests {
                    let reply = try await api.call(route, body)
                    #expect(reply.code == 1100, "\(route) limit \(limit) offset \(offset): \(reply.message)")
                    #expect(reply.message.contains("limit") || reply.message.contains("offset"), "\(reply.message)")
                }
            }
            // The sum at the cap is still fine; one past it is refused.
            #expect(try await api.call("entities/query", #"{"collectionName":"c","filter":"id > 0","limit":16383,"offset":1}"#).code == 0)
            #expect(try await api.call("entities/query", #"{"collectionName":"c","filter":"id > 0","limit":16384,"offset":1}"#).code == 1100)
        }
    }

    // MARK: 2. Cross-site writes

    @Test func onlyJSONBodiesReachTheRoutes() async throws {
        try await LoopbackServer.with { server in
            #expect(try await server.post("collections/create", Self.create).code == 0)
            let drop = #"{"collectionName":"c"}"#
            // What a web page on any origin may send without a preflight, and no type at all.
            for contentType in ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
                                "multipart/form-data; boundary=x", nil] as [String?] {
                let reply = try await server.send(method: "POST", path: "/v2/vectordb/collections/drop", body: drop,
                                                  contentType: contentType)
                #expect(reply.status == 415, "Content-Type \(contentType ?? "none"): HTTP \(reply.status)")
                #expect(reply.code == 1801, "\(reply.text)")
                #expect(reply.text.contains("application/json"), "\(reply.text)")
            }
            #expect(try server.database.listCollections() == ["c"], "a refused request dropped the collection")
            let accepted = try await server.send(method: "POST", path: "/v2/vectordb/collections/describe",
                                                 body: drop, contentType: "Application/JSON; charset=utf-8")
            #expect(accepted.code == 0, "\(accepted.text)")
        }
    }

    // MARK: 3. Racing calls on one name

    @Test func racingCreateInsertDropAnswerOnlyDocumentedCodesWithoutInternals() async throws {
        try await RouterHarness.withServer { api, database in
            let body = #"{"collectionName":"race","dimension":4}"#
            let insert = #"{"collectionName":"race","data":[{"id":1,"vector":[1,2,3,4]}]}"#
            let drop = #"{"collectionName":"race"}"#
            let replies = try await withThrowingTaskGroup(of: [APIReply].self) { group in
                for worker in 0 ..< 8 {
                    group.addTask {
                        var replies: [APIReply] = []
                        for step in 0 ..< 12 {
                            switch (worker + step) % 3 {
                            case 0: replies.append(try await api.call("collections/create", body))
                            case 1: replies.append(try await api.call("entities/insert", insert))
                            default: replies.append(try await api.call("collections/drop", drop))
                            }
                        }
                        return replies
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            // 0 done; 100 the collection is not there (never made, or dropped under the call);
            // 1100 it already exists (create); 1804 the row's key exists (insert).
            for reply in replies {
                #expect([0, 100, 1100, 1804].contains(reply.code ?? -1), "code \(reply.code ?? -1): \(reply.message)")
                #expect(!reply.message.contains("/"), "a path in '\(reply.message)'")
                #expect(!reply.message.contains("Error"), "a type name in '\(reply.message)'")
            }
            // The end state is one of the two consistent ones. (Files are checked by the racing
            // mode of quiver-torture, which verifies the closed database.)
            let names = try database.listCollections()
            #expect(names == [] || names == ["race"])
            if names == ["race"] { #expect(try database.collection("race").count <= 1) }
        }
    }

    @Test func internalErrorsAnswerARequestIDAndLogTheDetail() async throws {
        struct LeakyFailure: Error, CustomStringConvertible {
            var description: String { "LeakyFailure: could not open /var/lib/quiver/collections/3/wal" }
        }
        let routes = [
            APIRoute("probe", "untyped") { _, _ in throw LeakyFailure() },
            APIRoute("probe", "io") { _, _ in throw QuiverError(.io, "write of '/var/lib/quiver/catalog.sqlite' failed") },
        ]
        try await RouterHarness.withServer(extraRoutes: routes) { api, _ in
            for (route, code) in [("probe/untyped", Int64(65535)), ("probe/io", Int64(5))] {
                let reply = try await api.call(route, "{}")
                #expect(reply.code == code, "\(route): \(reply.message)")
                #expect(!reply.message.contains("/var/lib"), "\(route) leaked a path: \(reply.message)")
                #expect(!reply.message.contains("LeakyFailure"), "\(route) leaked a type: \(reply.message)")
                #expect(reply.message.contains("request id"), "\(route): \(reply.message)")
            }
        }
    }

    // MARK: 4. Smaller findings

    @Test func anOversizedBodyClosesTheConnection() async throws {
        var configuration = ServerConfiguration(maxBodyByteCount: 64 * 1024)
        configuration.requestReadTimeout = .seconds(120)
        try await LoopbackServer.with(configuration) { server in
            // Keep-alive, a body declared far past the cap and never sent: the reply comes at
            // once, and the server closes (the client reads EOF long before the read deadline).
            let reply = try await server.send(method: "POST", path: "/v2/vectordb/collections/create",
                                              body: Self.create, declaredContentLength: 1 << 30, keepAlive: true)
            #expect(reply.status == 413)
            #expect(reply.headers["connection"]?.lowercased() == "close")
        }
    }

    @Test func invalidUTF8AndLoneSurrogatesAreRefused() async throws {
        try await RouterHarness.withServer { api, database in
            try await api.ok("collections/create", Self.create)
            let prefix = Array(#"{"collectionName":"c","data":[{"id":7,"vector":[1,2,3,4],"note":""#.utf8)
            let suffix = Array(#""}]}"#.utf8)
            for bad in [[0xFF], [0xC3], [0xED, 0xA0, 0x80], Array(#"\ud800"#.utf8), Array(#"\udc00x"#.utf8)] as [[UInt8]] {
                let response = try await api.client.execute(uri: "/v2/vectordb/entities/insert", method: .post,
                                                            headers: [.contentType: "application/json"],
                                                            body: ByteBuffer(bytes: prefix + bad + suffix))
                let reply = try JSONParser.parse(Array(response.body.readableBytesView), maxDepth: 8).objectValue
                #expect(reply?["code"]?.intValue == 1801, "\(bad): \(String(describing: reply))")
            }
            #expect(try database.collection("c").count == 0, "a refused insert stored a row")
            // Valid multi-byte text and an escaped pair still pass.
            try await api.ok("entities/insert", #"{"collectionName":"c","data":[{"id":8,"vector":[1,2,3,4],"note":"é \ud83d\ude00"}]}"#)
        }
    }

    @Test func oddHeadersDatabaseNamesAndPartitionCountsAreRefused() async throws {
        try await RouterHarness.withServer { api, database in
            try await api.ok("collections/create", Self.create)
            let describe = #"{"collectionName":"c"}"#
            for value in ["maybe", "1", "", "no"] {
                let reply = try await api.call("collections/describe", describe, headers: [HTTPField.Name("Accept-Type-Allow-Int64")!: value])
                #expect(reply.code == 1100, "Accept-Type-Allow-Int64 '\(value)': \(reply.message)")
            }
            for value in ["true", "FALSE"] {
                try await api.ok("collections/describe", describe, headers: [HTTPField.Name("Accept-Type-Allow-Int64")!: value])
            }
            for dbName in ["5", "true", "[\"default\"]", "{}"] {
                let reply = try await api.call("collections/describe", #"{"collectionName":"c","dbName":\#(dbName)}"#)
                #expect(reply.code == 1100, "dbName \(dbName): \(reply.message)")
            }
            try await api.ok("collections/describe", #"{"collectionName":"c","dbName":"default"}"#)
            // The header does not excuse the body: a non-string dbName is refused with it too.
            let both = try await api.call("collections/describe", #"{"collectionName":"c","dbName":{}}"#,
                                          headers: [HTTPField.Name("DB-Name")!: "default"])
            #expect(both.code == 1100, "\(both.message)")
            let quick = try await api.call("collections/create", #"{"collectionName":"p","dimension":4,"params":{"partitionsNum":8}}"#)
            #expect(quick.code == 1100, "\(quick.message)")
            #expect(quick.message.contains("partition key"), "\(quick.message)")
            #expect(try database.listCollections() == ["c"])
        }
    }
}
