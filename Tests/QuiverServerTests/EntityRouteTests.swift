// entities/* through the in-process router: writes, reads, search shapes and their options.

import Quiver
@testable import QuiverServer
import Testing

@Suite struct EntityRouteTests {
    static let rows = #"[{"id":1,"vector":[1,0,0,0],"color":"red","n":1},{"id":2,"vector":[0,1,0,0],"color":"blue","n":2},{"id":3,"vector":[0,0,1,0],"color":"red","n":3}]"#

    static func withDocs(_ body: @Sendable (APIClient, Database) async throws -> Void) async throws {
        try await RouterHarness.withServer { api, database in
            try await api.ok("collections/create", #"{"collectionName":"docs","dimension":4,"metricType":"L2"}"#)
            let inserted = try await api.ok("entities/insert", #"{"collectionName":"docs","data":\#(rows)}"#).dataObject
            #expect(inserted["insertCount"] == .int(3))
            #expect(inserted["insertIds"] == .array([.int(1), .int(2), .int(3)]))
            try await body(api, database)
        }
    }

    @Test func getReturnsRowsWithDynamicFieldsFlattened() async throws {
        try await Self.withDocs { api, _ in
            let rows = try await api.ok("entities/get", #"{"collectionName":"docs","id":[3,1,99]}"#).dataArray
            #expect(rows.count == 2)
            let first = try #require(rows.first?.objectValue)
            #expect(first["id"] == .int(3))
            #expect(first["vector"] == .array([.double(0), .double(0), .double(1), .double(0)]))
            #expect(first["color"] == .string("red"))
            #expect(first["$meta"] == nil)
            let picked = try await api.ok("entities/get", #"{"collectionName":"docs","id":2,"outputFields":["color"]}"#).dataArray
            #expect(picked == [.object(["id": .int(2), "color": .string("blue")])])
        }
    }

    @Test func searchReturnsFlatHitsWithTopksInQueryOrder() async throws {
        try await Self.withDocs { api, _ in
            let reply = try await api.ok("entities/search", #"{"collectionName":"docs","data":[[1,0,0,0],[0,0,1,0]],"limit":2,"outputFields":["color"]}"#)
            #expect(reply.json["topks"] == .array([.int(2), .int(2)]))
            let hits = reply.dataArray.compactMap(\.objectValue)
            #expect(hits.map { $0["id"] } == [.int(1), .int(2), .int(3), .int(1)])
            #expect(hits[0]["distance"] == .double(0))
            #expect(hits[0]["color"] == .string("red"))
            #expect(hits[0].keys == ["id", "distance", "color"])
        }
    }

    @Test func searchParamsNestedAndFlatAreBothAccepted() async throws {
        try await Self.withDocs { api, _ in
            let nested = try await api.ok("entities/search", #"{"collectionName":"docs","data":[[1,0,0,0]],"limit":1,"searchParams":{"metricType":"IP","params":{"ef":64}}}"#)
            let flat = try await api.ok("entities/search", #"{"collectionName":"docs","data":[[1,0,0,0]],"limit":1,"searchParams":{"metric_type":"IP","ef":64}}"#)
            #expect(nested.dataArray == flat.dataArray)
            #expect(nested.dataArray.first?.objectValue?["distance"] == .double(1))
            // Range search: IP keeps scores above radius (and at most range_filter).
            let range = try await api.ok("entities/search", #"{"collectionName":"docs","data":[[1,0,0,0]],"searchParams":{"metricType":"IP","params":{"radius":0.5,"range_filter":1.0}}}"#)
            let everything = try await api.ok("entities/search", #"{"collectionName":"docs","data":[[1,0,0,0]],"searchParams":{"metricType":"IP"}}"#)
            let inside = everything.dataArray.filter { hit in
                guard case .double(let d)? = hit.objectValue?["distance"] else { return false }
                return d > 0.5 && d <= 1.0
            }
            #expect(range.dataArray == inside)
            let inverted = try await api.call("entities/search", #"{"collectionName":"docs","data":[[1,0,0,0]],"searchParams":{"metricType":"IP","params":{"radius":1.0,"range_filter":0.5}}}"#)
            #expect(inverted.code == 1100)
        }
    }

    @Test func searchOffsetSkipsTheBestHitsAndFilterRestricts() async throws {
        try await Self.withDocs { api, _ in
            let page = try await api.ok("entities/search", #"{"collectionName":"docs","data":[[1,0,0,0]],"limit":1,"offset":1}"#)
            #expect(page.dataArray.map { $0.objectValue?["id"] } == [.int(2)])
            let filtered = try await api.ok("entities/search", #"{"collectionName":"docs","data":[[1,0,0,0]],"filter":"color == \"red\" and n > 1"}"#)
            #expect(filtered.dataArray.map { $0.objectValue?["id"] } == [.int(3)])
            #expect(filtered.json["topks"] == .array([.int(1)]))
            let templated = try await api.ok("entities/search", #"{"collectionName":"docs","data":[[1,0,0,0]],"filter":"color == {c} and n in {ns}","exprParams":{"c":"red","ns":[1,2]}}"#)
            #expect(templated.dataArray.map { $0.objectValue?["id"] } == [.int(1)])
        }
    }

    @Test func queryFiltersCountsAndPages() async throws {
        try await Self.withDocs { api, _ in
            let red = try await api.ok("entities/query", #"{"collectionName":"docs","filter":"color == \"red\"","outputFields":["id","n"]}"#).dataArray
            #expect(Set(red.compactMap { $0.objectValue?["id"]?.intValue }) == [1, 3])
            #expect(red.first?.objectValue?["n"] != nil)
            let count = try await api.ok("entities/query", #"{"collectionName":"docs","filter":"n >= 2","outputFields":["count(*)"]}"#).dataArray
            #expect(count == [.object(["count(*)": .int(2)])])
            let all = try await api.ok("entities/query", #"{"collectionName":"docs","outputFields":["count(*)"]}"#).dataArray
            #expect(all == [.object(["count(*)": .int(3)])])
            let page = try await api.ok("entities/query", #"{"collectionName":"docs","filter":"","limit":1,"offset":1}"#).dataArray
            #expect(page.count == 1)
        }
    }

    @Test func upsertReplacesAndDeleteByFilterAndByIDs() async throws {
        try await Self.withDocs { api, _ in
            let upserted = try await api.ok("entities/upsert", #"{"collectionName":"docs","data":[{"id":2,"vector":[9,9,9,9],"color":"green"}]}"#).dataObject
            #expect(upserted["upsertCount"] == .int(1))
            let row = try await api.ok("entities/get", #"{"collectionName":"docs","id":2,"outputFields":["color"]}"#).dataArray
            #expect(row.first?.objectValue?["color"] == .string("green"))
            let byFilter = try await api.ok("entities/delete", #"{"collectionName":"docs","filter":"color == \"red\""}"#).dataObject
            #expect(byFilter["deleteCount"] == .int(2))
            let byIDs = try await api.ok("entities/delete", #"{"collectionName":"docs","filter":"","id":[2,7]}"#).dataObject
            #expect(byIDs["deleteCount"] == .int(1))
            #expect(try await api.ok("collections/get_stats", #"{"collectionName":"docs"}"#).dataObject["rowCount"] == .int(0))
        }
    }

    @Test func int64ValuesBecomeStringsWhenTheClientAsks() async throws {
        try await RouterHarness.withServer { api, _ in
            try await api.ok("collections/create", #"{"collectionName":"c","dimension":2,"autoID":true}"#)
            let big = "9007199254740993"   // 2^53 + 1: not representable as a JavaScript number
            let inserted = try await api.ok("entities/insert", #"{"collectionName":"c","data":[{"vector":[1,2],"big":\#(big)}]}"#,
                                            headers: [.init("Accept-Type-Allow-Int64")!: "false"]).dataObject
            let id = try #require(inserted["insertIds"]?.arrayValue?.first?.stringValue)
            let asStrings = try await api.ok("entities/get", #"{"collectionName":"c","id":"\#(id)"}"#,
                                             headers: [.init("Accept-Type-Allow-Int64")!: "false"]).dataArray
            #expect(asStrings.first?.objectValue?["id"] == .string(id))
            let asNumbers = try await api.ok("entities/get", #"{"collectionName":"c","id":[\#(id)]}"#).dataArray
            #expect(asNumbers.first?.objectValue?["id"] == .int(Int64(id)!))
            #expect(asNumbers.first?.objectValue?["big"] == .int(9007199254740993))
        }
    }

    @Test func schemaFieldsRoundTripThroughInsertAndGet() async throws {
        try await RouterHarness.withServer { api, _ in
            try await api.ok("collections/create", """
            {"collectionName":"t","schema":{"fields":[
              {"fieldName":"k","dataType":"VarChar","isPrimary":true,"elementTypeParams":{"max_length":8}},
              {"fieldName":"flag","dataType":"Bool"},
              {"fieldName":"score","dataType":"Double","defaultValue":0.5},
              {"fieldName":"tags","dataType":"Array","elementDataType":"Int32","elementTypeParams":{"max_capacity":3}},
              {"fieldName":"doc","dataType":"JSON"},
              {"fieldName":"bits","dataType":"BinaryVector","elementTypeParams":{"dim":16}}]}}
            """)
            try await api.ok("entities/insert", #"{"collectionName":"t","data":[{"k":"a","flag":true,"tags":[1,2],"doc":{"x":[1,{"y":null}]},"bits":[255,0]}]}"#)
            let row = try #require(try await api.ok("entities/get", #"{"collectionName":"t","id":"a"}"#).dataArray.first?.objectValue)
            #expect(row["flag"] == .bool(true))
            #expect(row["score"] == .double(0.5))
            #expect(row["tags"] == .array([.int(1), .int(2)]))
            #expect(row["doc"] == .object(["x": .array([.int(1), .object(["y": .null])])]))
            #expect(row["bits"] == .array([.int(255), .int(0)]))
            let hits = try await api.ok("entities/search", #"{"collectionName":"t","data":[[255,0]],"limit":1}"#).dataArray
            #expect(hits.first?.objectValue?["k"] == .string("a"))
            #expect(hits.first?.objectValue?["distance"] == .double(0))
        }
    }
}
