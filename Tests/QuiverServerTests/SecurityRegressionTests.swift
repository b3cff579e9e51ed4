// Security regression suite for the daemon (issue 7), against the real HTTP server on loopback
// (LoopbackServer): every route behind the token, bodies too large or too deep, vectors of the
// wrong dimension or not finite, names that try to leave the data directory, filters built to
// escape their scope, GET on mutations, and slow-loris clients. Every refused request is shown to
// have changed nothing, by reading the database directly.

import Foundation
import Quiver
import QuiverHarness
@testable import QuiverServer
import Testing
import QuiverJSON

@Suite(.serialized) struct SecurityRegressionTests {
    static let token = "root:Milvus"
    static let auth = ["Authorization": "Bearer \(token)"]

    /// A refusal: an HTTP status below 500 and a non-zero Milvus code (or a 4xx without envelope).
    static func expectRefused(_ reply: LoopbackHTTPReply, _ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(reply.status < 500, "\(context): HTTP \(reply.status)", sourceLocation: sourceLocation)
        #expect(reply.status >= 400 || (reply.code ?? 0) != 0, "\(context) was accepted: \(reply.text)", sourceLocation: sourceLocation)
    }

    @Test func everyRouteWithoutTheTokenIs401AndChangesNothing() async throws {
        try await LoopbackServer.with(ServerConfiguration(token: Self.token)) { server in
            let body = #"{"collectionName":"c","dimension":4,"data":[{"id":1,"vector":[1,2,3,4]}],"filter":"id > 0"}"#
            for path in RESTServer.apiPaths {
                for headers in [[:], ["Authorization": "Bearer root:wrong"], ["Authorization": "Basic \(Self.token)"]] {
                    let reply = try await server.post(path, body, headers: headers)
                    #expect(reply.status == 401, "\(path) with \(headers): HTTP \(reply.status)")
                    #expect(reply.code == 1800, "\(path): \(reply.text)")
                }
            }
            #expect(try await server.send(method: "GET", path: "/metrics").status == 401)
            #expect(try await server.send(method: "GET", path: "/metrics", headers: Self.auth).status == 200)
            #expect(try await server.send(method: "GET", path: "/healthz").status == 200)
            #expect(try server.database.listCollections().isEmpty, "a refused request created something")
            #expect(try await server.post("collections/create", body, headers: Self.auth).code == 0)
        }
    }

    @Test func oversizedAndDeeplyNestedBodiesAreRefused() async throws {
        try await LoopbackServer.with(ServerConfiguration(maxBodyByteCount: 64 * 1024)) { server in
            // A body declared far larger than the cap is refused from its header, not read.
            let declared = try await server.send(method: "POST", path: "/v2/vectordb/collections/create",
                                                     body: #"{"collectionName":"a","dimension":4}"#, declaredContentLength: 1 << 30)
            #expect(declared.status == 413)
            let padded = #"{"collectionName":"b","dimension":4,"pad":""# + String(repeating: "x", count: 100_000) + #""}"#
            #expect(try await server.post("collections/create", padded).status == 413)
            // Nesting far past the parser's depth limit: refused, and the server is still up.
            for opener in ["[", "{\"a\":"] {
                let closer = opener == "[" ? "]" : "}"
                let deep = #"{"collectionName":"c","dimension":4,"x":"# + String(repeating: opener, count: 20_000)
                    + String(repeating: closer, count: 20_000) + "}"
                Self.expectRefused(try await server.post("collections/create", deep), "nesting of \(opener)")
            }
            #expect(try await server.send(method: "GET", path: "/healthz").status == 200)
            #expect(try server.database.listCollections().isEmpty)
        }
    }

    @Test func vectorsOfTheWrongDimensionOrNotFiniteAreRefused() async throws {
        try await LoopbackServer.with { server in
            #expect(try await server.post("collections/create", #"{"collectionName":"c","dimension":4}"#).code == 0)
            let badVectors = ["[1,2,3]", "[1,2,3,4,5]", "[]", "[1e999,0,0,0]", "[-1e999,0,0,0]", "[NaN,0,0,0]", #"["NaN",0,0,0]"#,
                              "[null,0,0,0]", #"[1,2,3,"4"]"#, "[[1,2],[3,4]]", "1"]
            for vector in badVectors {
                Self.expectRefused(try await server.post("entities/insert", #"{"collectionName":"c","data":[{"id":1,"vector":\#(vector)}]}"#),
                                   "insert of \(vector)")
                Self.expectRefused(try await server.post("entities/upsert", #"{"collectionName":"c","data":[{"id":2,"vector":\#(vector)}]}"#),
                                   "upsert of \(vector)")
                Self.expectRefused(try await server.post("entities/search", #"{"collectionName":"c","data":[\#(vector)],"limit":3}"#),
                                   "search for \(vector)")
            }
            // A batch with one bad row applies none of its rows.
            let mixed = #"{"collectionName":"c","data":[{"id":7,"vector":[1,2,3,4]},{"id":8,"vector":[1e999,0,0,0]}]}"#
            Self.expectRefused(try await server.post("entities/insert", mixed), "a batch with one infinite vector")
            #expect(try server.database.collection("c").count == 0)
        }
    }

    @Test func namesWithPathSeparatorsOrDotDotAreRefused() async throws {
        try await LoopbackServer.with { server in
            #expect(try await server.post("collections/create", #"{"collectionName":"c","dimension":4}"#).code == 0)
            let escape = "quiver-escape-\(UUID().uuidString.prefix(8))"
            let names = ["../\(escape)", "..", ".", "a/b", "/etc", #"a\\b"#, "%2e%2e", "x\u{0}y", "c/../../\(escape)", "..\\\\\(escape)",
                         " c", "c ", "ç", ""]
            for name in names {
                let quoted = JSONWriter.string(of: .string(name))
                Self.expectRefused(try await server.post("collections/create", #"{"collectionName":\#(quoted),"dimension":4}"#), "collection \(name)")
                Self.expectRefused(try await server.post("partitions/create", #"{"collectionName":"c","partitionName":\#(quoted)}"#), "partition \(name)")
                Self.expectRefused(try await server.post("aliases/create", #"{"collectionName":"c","aliasName":\#(quoted)}"#), "alias \(name)")
                Self.expectRefused(try await server.post("collections/rename", #"{"collectionName":"c","newCollectionName":\#(quoted)}"#), "rename to \(name)")
                Self.expectRefused(try await server.post("collections/describe", #"{"collectionName":\#(quoted)}"#), "describe \(name)")
            }
            #expect(try server.database.listCollections() == ["c"])
            #expect(try await server.database.collection("c").listPartitions() == ["_default"])
            // Nothing was created beside the database's own entries.
            let entries = try FileManager.default.contentsOfDirectory(atPath: server.directory).filter { !$0.hasPrefix("catalog.sqlite") }
            #expect(Set(entries).isSubset(of: ["LOCK", "collections"]), "\(entries)")
            let parent = (server.directory as NSString).deletingLastPathComponent
            #expect(!FileManager.default.fileExists(atPath: parent + "/" + escape))
        }
    }

    @Test func filtersCannotEscapeTheirScope() async throws {
        try await LoopbackServer.with { server in
            let schema = #"{"collectionName":"c","schema":{"fields":[{"fieldName":"id","dataType":"Int64","isPrimary":true},"#
                + #"{"fieldName":"vector","dataType":"FloatVector","elementTypeParams":{"dim":"2"}},"#
                + #"{"fieldName":"tag","dataType":"VarChar","elementTypeParams":{"max_length":"64"}}]}}"#
            #expect(try await server.post("collections/create", schema).code == 0)
            #expect(try await server.post("collections/create", #"{"collectionName":"other","dimension":2}"#).code == 0)
            #expect(try await server.post("partitions/create", #"{"collectionName":"c","partitionName":"p"}"#).code == 0)
            let rows = (1...6).map { #"{"id":\#($0),"vector":[\#($0),1],"tag":"t\#($0)"}"# }.joined(separator: ",")
            #expect(try await server.post("entities/insert", #"{"collectionName":"c","data":[\#(rows)]}"#).code == 0)
            #expect(try await server.post("entities/insert", #"{"collectionName":"c","partitionName":"p","data":[{"id":10,"vector":[0,0],"tag":"p"}]}"#).code == 0)
            #expect(try await server.post("entities/insert", #"{"collectionName":"other","data":[{"id":1,"vector":[0,0]}]}"#).code == 0)

            // Malformed filters that would widen a delete if spliced into a larger expression are errors.
            let malformed = [#"id == 1) or (id > 0"#, #"tag == "t1" or "1" == "1"#, #"tag == "t1"#, #"id in [1]] or id > 0"#,
                             #"id == 1; delete"#, #"id == 1 -- or id > 0"#, #"tag == 't1\"#, #"id in [1, 2"#, "id == 1 or", "(id > 0"]
            for filter in malformed {
                let body = #"{"collectionName":"c","filter":\#(JSONWriter.string(of: .string(filter)))}"#
                Self.expectRefused(try await server.post("entities/delete", body), "delete with \(filter)")
                Self.expectRefused(try await server.post("entities/query", body), "query with \(filter)")
            }
            // A quote inside a string literal stays in the literal: it matches no tag.
            for filter in [#"tag == "t1\" or id > 0 or \"""#, #"tag == 't1'' or id > 0 or '"#, #"tag == "]\" or true or [\"""#] {
                let reply = try await server.post("entities/delete", #"{"collectionName":"c","filter":\#(JSONWriter.string(of: .string(filter)))}"#)
                if reply.code == 0 { #expect(reply.data?.objectValue?["deleteCount"]?.intValue ?? 0 == 0, "\(filter): \(reply.text)") }
            }
            // A template value is data, never syntax.
            let templated = #"{"collectionName":"c","filter":"tag == {t}","exprParams":{"t":"x\" or id > 0 or \"y"}}"#
            let templatedReply = try await server.post("entities/delete", templated)
            #expect(templatedReply.code == 0 && templatedReply.data?.objectValue?["deleteCount"]?.intValue ?? -1 == 0, "\(templatedReply.text)")
            // An always-true filter stays inside the partition and the collection it was sent to.
            let scoped = try await server.post("entities/delete", #"{"collectionName":"c","partitionName":"p","filter":"id > 0 or true"}"#)
            #expect(scoped.code == 0, "\(scoped.text)")
            let c = try server.database.collection("c")
            #expect(c.count == 6, "rows outside partition p were deleted")
            #expect(try server.database.collection("other").count == 1, "a filter reached another collection")
            let other = try await server.post("entities/query", #"{"collectionName":"other","filter":"id > 0 or true","limit":100}"#)
            #expect(other.code == 0 && other.data?.arrayValue?.count == 1, "a query of one collection saw another's rows: \(other.text)")
            let all = try await server.post("entities/query", #"{"collectionName":"c","filter":"id > 0 or true","partitionNames":["p"],"limit":100}"#)
            #expect(all.code == 0 && all.data?.arrayValue?.isEmpty == true, "\(all.text)")
        }
    }

    @Test func getOnEveryRouteIs405AndChangesNothing() async throws {
        try await LoopbackServer.with { server in
            #expect(try await server.post("collections/create", #"{"collectionName":"c","dimension":2}"#).code == 0)
            #expect(try await server.post("entities/insert", #"{"collectionName":"c","data":[{"id":1,"vector":[1,2]}]}"#).code == 0)
            let body = #"{"collectionName":"c","newCollectionName":"d","dimension":2,"id":[1],"filter":"id > 0","data":[{"id":2,"vector":[1,2]}]}"#
            for path in RESTServer.apiPaths {
                for method in ["GET", "PUT", "DELETE"] {
                    let reply = try await server.send(method: method, path: path, body: body)
                    #expect(reply.status == 405, "\(method) \(path): HTTP \(reply.status)")
                    #expect(reply.headers["allow"] == "POST")
                }
            }
            #expect(try server.database.listCollections() == ["c"])
            #expect(try server.database.collection("c").count == 1)
        }
    }

    /// Slow clients are cut off by the read deadline: one that trickles its body, one that trickles
    /// its headers, one that sends nothing. None of them reaches a route.
    @Test func slowClientsAreDisconnectedByTheReadTimeout() async throws {
        var configuration = ServerConfiguration()
        configuration.requestReadTimeout = .seconds(1)
        try await LoopbackServer.with(configuration) { server in
            let body = Array(#"{"collectionName":"slow","dimension":4}"#.utf8) + Array(repeating: UInt8(ascii: " "), count: 300)
            let head = "POST /v2/vectordb/collections/create HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(body.count)\r\n\r\n"
            let port = server.port
            let trickledBody = try await LoopbackServer.offThePool { try SlowClient.trickle(port: port, first: Array(head.utf8), then: body) }
            #expect(trickledBody.closedByServer, "a body trickled for \(trickledBody.sentByteCount) bytes was never cut off")
            #expect(trickledBody.sentByteCount < body.count + head.utf8.count)

            let headers = (0..<300).flatMap { Array("X-Slow-\($0): 1\r\n".utf8) }
            let requestLine = Array("POST /v2/vectordb/collections/list HTTP/1.1\r\n".utf8)
            let trickledHead = try await LoopbackServer.offThePool {
                try SlowClient.trickle(port: port, first: requestLine, then: headers, chunkByteCount: 12)
            }
            #expect(trickledHead.closedByServer, "headers trickled for \(trickledHead.sentByteCount) bytes were never cut off")

            let silent = try await LoopbackServer.offThePool { try SlowClient.trickle(port: port, first: [], then: []) }
            #expect(silent.closedByServer, "a silent connection was never closed")

            #expect(try server.database.listCollections().isEmpty, "a slow request reached its route")
            #expect(try await server.post("collections/list", "{}").code == 0, "the server stopped serving")
        }
    }
}
