// The CLI and the REST server read Milvus documents through one model (QuiverMilvus): the same
// collections/create body and the same rows, given to `quiver create --schema` / `quiver insert
// --rows` and to collections/create / entities/insert, make the same collection and the same
// stored rows (compared through `quiver query` and entities/query), and a bad document is
// refused by both with the same message.

import Foundation
import QuiverJSON
@testable import QuiverServer
import Testing

@Suite struct CLIAndRESTAgreeTests {
    static let createBody = #"""
    {"schema": {"autoID": false, "enableDynamicField": true, "description": "both doors",
      "fields": [
        {"fieldName": "id", "dataType": "Int64", "isPrimary": true},
        {"fieldName": "embedding", "dataType": "FloatVector", "elementTypeParams": {"dim": "4"}},
        {"fieldName": "title", "dataType": "VarChar", "elementTypeParams": {"max_length": 32}},
        {"fieldName": "category", "dataType": "VarChar", "isPartitionKey": true, "elementTypeParams": {"max_length": 16}},
        {"fieldName": "year", "dataType": "Int32"},
        {"fieldName": "score", "dataType": "Float", "nullable": true},
        {"fieldName": "weight", "dataType": "Double", "defaultValue": 1.5},
        {"fieldName": "draft", "dataType": "Bool"},
        {"fieldName": "extra", "dataType": "JSON"},
        {"fieldName": "tags", "dataType": "Array", "elementDataType": "Int64", "elementTypeParams": {"max_capacity": "4"}}]},
     "indexParams": [{"fieldName": "embedding", "metricType": "L2", "indexType": "HNSW", "params": {"M": 8, "efConstruction": "64"}}],
     "params": {"partitionsNum": 4}}
    """#

    /// Rows that lean on the conversions: an integral float for Int32, a numeric string for the
    /// Int64 key, nulls, defaults, dynamic keys (a scalar and an object), a JSON field object.
    static let rows = [
        #"{"id": 1, "embedding": [0.1, 0.2, 0.3, 0.4], "title": "one", "category": "a", "year": 2001.0, "score": 0.5, "draft": true, "extra": {"k": [1, 2]}, "tags": [1, 2.0], "color": "red"}"#,
        #"{"id": "2", "embedding": [1, 2, 3, 4], "title": "two", "category": "b", "year": 2002, "score": null, "weight": 7, "draft": false, "extra": null, "tags": [], "nested": {"a": {"b": 9007199254740993}}}"#,
        #"{"id": 3, "embedding": [-1, 0, 1e-3, 2.5], "title": "é\n\"q\"", "category": "a", "year": -3, "draft": false, "extra": [1, "x"], "tags": [9223372036854775807]}"#,
    ]

    /// Rows as JSON values sorted by id.
    static func sortedRows(_ rows: [JSONValue]) -> [JSONValue] {
        rows.sorted { ($0.objectValue?["id"]?.intValue ?? 0) < ($1.objectValue?["id"]?.intValue ?? 0) }
    }

    @Test func theSameCreateBodyAndRowsMakeTheSameRows() async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("quiver-doors-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try Self.createBody.write(toFile: scratch + "/create.json", atomically: true, encoding: .utf8)
        try Self.rows.joined(separator: "\n").write(toFile: scratch + "/rows.jsonl", atomically: true, encoding: .utf8)
        let common = ["--data", scratch + "/data", "--collection", "c"]

        let created = try await runQuiver(["create"] + common + ["--schema", scratch + "/create.json"])
        #expect(created.status == 0, "\(created.stderr)")
        let inserted = try await runQuiver(["insert"] + common + ["--rows", scratch + "/rows.jsonl"])
        #expect(inserted.status == 0, "\(inserted.stderr)")
        let queried = try await runQuiver(["query"] + common + ["--filter", "id >= 0"])
        #expect(queried.status == 0, "\(queried.stderr)")
        let cliRows = try queried.stdout.split(separator: "\n").map { try JSONParser.parse(String($0), maxDepth: 64) }
        let described = try await runQuiver(["index", "describe"] + common)
        #expect(described.stdout.contains(#""type":"HNSW""#) && described.stdout.contains(#""M":8"#), "\(described.stdout)")

        let restRows = try await RouterHarness.withServer { api, _ in
            var body = try #require(try JSONParser.parse(Self.createBody, maxDepth: 64).objectValue)
            body["collectionName"] = .string("c")
            try await api.ok("collections/create", JSONWriter.string(of: .object(body)))
            try await api.ok("entities/insert", #"{"collectionName": "c", "data": [\#(Self.rows.joined(separator: ","))]}"#)
            let indexes = try await api.ok("indexes/describe", #"{"collectionName": "c", "indexName": "embedding"}"#)
            #expect(JSONWriter.string(of: indexes.data ?? .null).contains("HNSW"))
            let partitions = try await api.ok("partitions/list", #"{"collectionName": "c"}"#)
            #expect(partitions.dataArray.count == 4)
            return try await api.ok("entities/query", #"{"collectionName": "c", "filter": "id >= 0", "outputFields": ["*"], "limit": 10}"#).dataArray
        }
        #expect(cliRows.count == Self.rows.count)
        #expect(Self.sortedRows(cliRows) == Self.sortedRows(restRows))
        // The conversions happened as documented, not merely alike.
        let first = try #require(Self.sortedRows(cliRows).first?.objectValue)
        #expect(first["year"] == .int(2001) && first["tags"] == .array([.int(1), .int(2)]) && first["color"] == .string("red"))
    }

    @Test(arguments: [
        (#"{"fields": [{"fieldName": "id", "dataType": "Int64", "isPrimary": true}, {"fieldName": "v", "dataType": "FloatVector"}]}"#, "dim"),
        (#"{"fields": [{"fieldName": "id", "dataType": "Int64", "isPrimary": true}, {"fieldName": "age", "dataType": "Int65"}]}"#, "Int65"),
        (#"{"autoID": true, "fields": [{"fieldName": "v", "dataType": "FloatVector", "elementTypeParams": {"dim": 2}}]}"#, "isPrimary"),
    ])
    func aBadSchemaIsRefusedByBothWithOneMessage(schema: String, naming part: String) async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("quiver-doors-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try schema.write(toFile: scratch + "/schema.json", atomically: true, encoding: .utf8)
        let cli = try await runQuiver(["create", "--data", scratch + "/data", "--collection", "c", "--schema", scratch + "/schema.json"])
        #expect(cli.status == 1)
        let message = try await RouterHarness.withServer { api, _ in
            let reply = try await api.call("collections/create", #"{"collectionName": "c", "schema": \#(schema)}"#)
            #expect(reply.code != 0)
            return reply.message
        }
        #expect(message.contains(part), "\(message)")
        // REST prefixes the code's base message ("illegal schema: "); the detail is the same text.
        let detail = String(try #require(message.split(separator: ": ", maxSplits: 1).last))
        #expect(cli.stderr.contains(detail), "CLI said \(cli.stderr), REST said \(message)")
    }
}
