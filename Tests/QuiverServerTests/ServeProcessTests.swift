// End to end: the real `quiver serve` binary on a free loopback port, driven over HTTP with a
// raw socket client: collections, writes, reads, search with a filter, errors, limits, a second
// server on the same directory, SIGTERM flushing, a restart with the data intact, and auth.

import Foundation
import QuiverHarness
@testable import QuiverServer
import Testing

@Suite(.serialized) struct ServeProcessTests {
    static func scratchDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("quiver-serve-e2e-\(UUID().uuidString)").path
    }

    @Test func servesTheAPIFlushesOnSIGTERMAndRestartsWithTheDataIntact() async throws {
        let data = Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let server = try await ServeProcess(data: data)

        #expect(try server.get("/healthz").text == "ok\n")
        #expect(try server.post("collections/create", #"{"collectionName":"docs","dimension":4,"metricType":"L2"}"#).code == 0)
        #expect(try server.post("collections/create", """
            {"collectionName":"books","schema":{"enableDynamicField":false,"fields":[
              {"fieldName":"isbn","dataType":"VarChar","isPrimary":true,"elementTypeParams":{"max_length":20}},
              {"fieldName":"year","dataType":"Int32"},
              {"fieldName":"cover","dataType":"FloatVector","elementTypeParams":{"dim":2}}]},
             "indexParams":[{"fieldName":"cover","metricType":"IP","indexType":"FLAT"}]}
            """).code == 0)
        let inserted = try server.post("entities/insert", """
            {"collectionName":"docs","data":[{"id":1,"vector":[1,0,0,0],"color":"red"},{"id":2,"vector":[0,1,0,0],"color":"blue"},
             {"id":3,"vector":[0,0,1,0],"color":"red"},{"id":4,"vector":[0,0,0,1],"color":"green"}]}
            """)
        #expect(inserted.data?.objectValue?["insertCount"] == .int(4))
        #expect(try server.post("entities/insert", #"{"collectionName":"books","data":[{"isbn":"a","year":1999,"cover":[1,0]},{"isbn":"b","year":2005,"cover":[0,1]}]}"#).code == 0)

        let search = try server.post("entities/search", #"{"collectionName":"docs","data":[[0,0,1,0]],"limit":2,"filter":"color == \"red\"","outputFields":["color"]}"#)
        #expect(search.code == 0)
        #expect(search.json["topks"] == .array([.int(2)]))
        #expect(search.data?.arrayValue?.map { $0.objectValue?["id"] } == [.int(3), .int(1)])
        let got = try server.post("entities/get", #"{"collectionName":"docs","id":[2]}"#)
        #expect(got.data?.arrayValue?.first?.objectValue?["color"] == .string("blue"))
        #expect(try server.post("entities/upsert", #"{"collectionName":"docs","data":[{"id":2,"vector":[0,2,0,0],"color":"teal"}]}"#).code == 0)
        let deleted = try server.post("entities/delete", #"{"collectionName":"docs","filter":"id in [4]"}"#)
        #expect(deleted.data?.objectValue?["deleteCount"] == .int(1))
        let count = try server.post("entities/query", #"{"collectionName":"docs","filter":"","outputFields":["count(*)"]}"#)
        #expect(count.data == .array([.object(["count(*)": .int(3)])]))
        let books = try server.post("entities/search", #"{"collectionName":"books","data":[[1,0]],"limit":1,"outputFields":["year"]}"#)
        #expect(books.data == .array([.object(["isbn": .string("a"), "distance": .double(1), "year": .int(1999)])]))
        #expect(try server.post("indexes/list", #"{"collectionName":"books"}"#).data == .array([.string("cover")]))
        #expect(try server.post("partitions/create", #"{"collectionName":"books","partitionName":"old"}"#).code == 0)
        #expect(try server.post("entities/insert", #"{"collectionName":"books","partitionName":"old","data":[{"isbn":"c","year":1950,"cover":[1,0]}]}"#).code == 0)
        let old = try server.post("entities/query", #"{"collectionName":"books","filter":"year < {y}","exprParams":{"y":2000},"partitionNames":["old"],"outputFields":["isbn"]}"#)
        #expect(old.data == .array([.object(["isbn": .string("c")])]))
        #expect(try server.post("aliases/create", #"{"collectionName":"books","aliasName":"library"}"#).code == 0)

        // Errors, limits and an injection attempt.
        #expect(try server.post("collections/describe", #"{"collectionName":"ghost"}"#).code == 100)
        let malformed = try server.post("entities/insert", #"{"collectionName":"docs","data":[{"id":9,"vector":[1,2,3,4]}"#)
        #expect(malformed.status == 200)
        #expect(malformed.code == 1801)
        #expect(try server.post("entities/insert", #"{"collectionName":"docs","data":[{"id":9,"vector":[1,2]}]}"#).code == 1804)
        let injection = try server.post("entities/delete", #"{"collectionName":"docs","filter":"id in [1]\"); drop collection docs; (\""}"#)
        #expect(injection.code == 1100)
        let oversized = try LoopbackHTTPClient(port: server.port).send("POST", "/v2/vectordb/entities/insert",
                                                  body: Array(#"{"collectionName":"docs","data":["#.utf8), declaredContentLength: 100_000_000)
        #expect(oversized.status == 413)
        #expect(oversized.code == 1102)
        #expect(try server.get("/v2/vectordb/collections/drop").status == 405)
        #expect(try server.post("collections/get_stats", #"{"collectionName":"docs"}"#).data == .object(["rowCount": .int(3)]))

        // A second server on the same directory refuses to start (exit 3) with a clear message.
        let second = try await runQuiver(["serve", "--data", data, "--port", "0"])
        #expect(second.status == 3)
        #expect(second.stderr.contains("in use by another process"))

        // SIGTERM: exit 0, buffers flushed (nothing left to replay on the next open).
        #expect(try await server.stop(with: SIGTERM) == 0)
        let stats = try await runQuiver(["stats", "--data", data, "--collection", "docs"])
        #expect(stats.status == 0)
        #expect(stats.stdout.contains(#""buffer_rows":0"#))
        #expect(stats.stdout.contains(#""replayed_records":0"#))

        // Restart: everything is still there.
        let restarted = try await ServeProcess(data: data)
        #expect(try restarted.post("collections/list", nil).data == .array([.string("books"), .string("docs")]))
        let after = try restarted.post("entities/get", #"{"collectionName":"docs","id":[1,2,3,4],"outputFields":["color"]}"#)
        #expect(after.data?.arrayValue?.map { $0.objectValue?["color"] } == [.string("red"), .string("teal"), .string("red")])
        let again = try restarted.post("entities/search", #"{"collectionName":"docs","data":[[1,0,0,0]],"limit":1}"#)
        #expect(again.data?.arrayValue?.first?.objectValue?["id"] == .int(1))
        #expect(try restarted.post("partitions/list", #"{"collectionName":"library"}"#).data == .array([.string("_default"), .string("old")]))
        let index = try restarted.post("indexes/describe", #"{"collectionName":"books","indexName":"cover"}"#)
        #expect(index.data?.arrayValue?.first?.objectValue?["metricType"] == .string("IP"))
        #expect(try await restarted.stop(with: SIGINT) == 0)
    }

    @Test func aConfigFileConfiguresTheRealServerAndFlagsOverrideIt() async throws {
        let data = Self.scratchDirectory()
        let config = data + ".json"
        defer {
            try? FileManager.default.removeItem(atPath: data)
            try? FileManager.default.removeItem(atPath: config)
        }
        // The file names another data directory and port; the flags given by ServeProcess
        // (--data, --port 0) win.
        try #"{"data":"/nonexistent/quiver","port":19530,"token":"root:Milvus","corsOrigins":["https://app.example.com"],"requestTimeoutSeconds":5,"backgroundCompaction":false}"#
            .write(toFile: config, atomically: true, encoding: .utf8)
        let server = try await ServeProcess(data: data, ["--config", config])
        #expect(try server.post("collections/list", nil).status == 401)
        #expect(try server.post("collections/list", nil, headers: ["Authorization": "Bearer root:Milvus"]).code == 0)
        let preflight = try LoopbackHTTPClient(port: server.port).send("OPTIONS", "/v2/vectordb/collections/list",
                                                  headers: ["Origin": "https://app.example.com", "Access-Control-Request-Method": "POST"])
        #expect(preflight.status == 204)
        #expect(preflight.headers["access-control-allow-origin"] == "https://app.example.com")
        #expect(server.log.contains("background_compaction=false"))
        #expect(try await server.stop() == 0)
        #expect(FileManager.default.fileExists(atPath: data + "/catalog.sqlite"))

        try #"{"port":70000}"#.write(toFile: config, atomically: true, encoding: .utf8)
        let refused = try await runQuiver(["serve", "--config", config, "--data", data])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("key 'port': 70000 is not an integer in 0...65535"))
        let badFlag = try await runQuiver(["serve", "--data", data, "--request-timeout", "0"])
        #expect(badFlag.status == 1)
        #expect(badFlag.stderr.contains("--request-timeout: 0 is not a number of seconds"))
    }

    @Test func aTokenGuardsTheRealServerButNotHealthz() async throws {
        let data = Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let server = try await ServeProcess(data: data, ["--token", "root:Milvus"])
        let refused = try server.post("collections/list", nil)
        #expect(refused.status == 401)
        #expect(refused.code == 1800)
        #expect(try server.post("collections/list", nil, headers: ["Authorization": "Bearer root:wrong"]).status == 401)
        let allowed = try server.post("collections/list", nil, headers: ["Authorization": "Bearer root:Milvus"])
        #expect(allowed.status == 200)
        #expect(allowed.data == .array([]))
        #expect(try server.get("/metrics").status == 401)
        let metrics = try server.get("/metrics", headers: ["Authorization": "Bearer root:Milvus"])
        #expect(metrics.status == 200)
        #expect(metrics.text.contains(#"quiver_http_requests_total{route="/v2/vectordb/collections/list",outcome="unauthenticated",code="1800"} 2"#))
        #expect(try server.get("/healthz").status == 200)
        #expect(try await server.stop() == 0)
    }
}
