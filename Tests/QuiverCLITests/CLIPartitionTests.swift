// Partitions through the real binary: `quiver partition create|drop|list`, `--partition` on
// insert (--vectors and --rows), search, query, count, get and delete, the errors that name the
// partition, and a partition-key collection created from a schema file.

import Foundation
import Quiver
import QuiverJSON
import QuiverStorage   // PartitionKeyRouting (package access)
import Testing

@Suite struct CLIPartitionTests {
    static func ids(_ result: QuiverResult) throws -> [Int] {
        try result.jsonLines().compactMap { $0["id"]?.asInt }.sorted()
    }

    @Test func partitionScopesEveryCommandAndDropTakesItsRows() async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let common = ["--data", sandbox.data, "--collection", "docs"]
        let base = try sandbox.writeVectors("base.npy", rowCount: 20, dimension: 8, seed: 43)
        let extra = try sandbox.writeVectors("extra.npy", rowCount: 10, dimension: 8, seed: 44)
        #expect(try await QuiverProcess.run(["create"] + common + ["--dim", "8", "--metric", "L2"]).status == 0)
        let created = try await QuiverProcess.run(["partition", "create"] + common + ["--partition", "spring"])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout == "{\"created\":\"spring\"}\n")

        #expect(try await QuiverProcess.run(["insert"] + common + ["--vectors", sandbox.path("base.npy")]).status == 0)
        let intoSpring = try await QuiverProcess.run(["insert"] + common + ["--vectors", sandbox.path("extra.npy"),
                                                                            "--start-id", "100", "--partition", "spring"])
        #expect(intoSpring.status == 0, "\(intoSpring.stderr)")
        #expect(intoSpring.stdoutLines == ["{\"acked_through\":109}"])
        let row200 = "{\"id\": 200, \"vector\": [\(extra[0..<8].map { "\($0)" }.joined(separator: ","))]}\n"
        try row200.write(toFile: sandbox.path("rows.jsonl"), atomically: true, encoding: .utf8)
        let rowsIntoSpring = try await QuiverProcess.run(["insert"] + common + ["--rows", sandbox.path("rows.jsonl"), "--partition", "spring"])
        #expect(rowsIntoSpring.stdoutLines == ["{\"acked_through\":200}"], "\(rowsIntoSpring.stderr)")

        let listed = try await QuiverProcess.run(["partition", "list"] + common)
        #expect(listed.stdoutLines == ["{\"partition\":\"_default\",\"rows\":20}", "{\"partition\":\"spring\",\"rows\":11}"])

        // Query vector: row 0 of base.npy (id 0, in _default).
        try VectorFile.writeNPY(floats: Array(base[0..<8]), rowCount: 1, dimension: 8, toPath: sandbox.path("q.npy"))
        let search = ["search"] + common + ["--queries", sandbox.path("q.npy"), "--k", "3"]
        let springHits = try await QuiverProcess.run(search + ["--partition", "spring"])
        #expect(springHits.status == 0, "\(springHits.stderr)")
        let springIDs = try #require(try springHits.jsonLines().first?["ids"]?.asInts)
        #expect(springIDs.count == 3 && springIDs.allSatisfy { $0 >= 100 })
        let bothHits = try await QuiverProcess.run(search + ["--partition", "_default,spring"])
        #expect((try bothHits.jsonLines().first?["ids"]?.asInts)?.first == 0)

        let queried = try await QuiverProcess.run(["query"] + common + ["--filter", "", "--partition", "spring", "--output-fields", "id"])
        #expect(try Self.ids(queried) == Array(100...109) + [200])
        let counted = try await QuiverProcess.run(["count"] + common + ["--partition", "_default,spring", "--filter", "id >= 15"])
        #expect(counted.stdout == "{\"count\":16}\n")
        let got = try await QuiverProcess.run(["get"] + common + ["--ids", "0,100", "--partition", "spring"])
        #expect(try Self.ids(got) == [100])

        // Deletes touch only rows stored in the named partition.
        let byID = try await QuiverProcess.run(["delete"] + common + ["--ids", "0,101", "--partition", "spring"])
        #expect(byID.stdout == "{\"deleted\":1}\n", "\(byID.stderr)")
        let byFilter = try await QuiverProcess.run(["delete"] + common + ["--filter", "id >= 5", "--partition", "spring"])
        #expect(byFilter.stdout == "{\"deleted\":10}\n", "\(byFilter.stderr)")
        // Rows 0 and 5 of _default match neither delete's scope; row 100 was in spring.
        #expect(try Self.ids(try await QuiverProcess.run(["get"] + common + ["--ids", "0,5,100"])) == [0, 5])

        let dropped = try await QuiverProcess.run(["partition", "drop"] + common + ["--partition", "spring"])
        #expect(dropped.stdout == "{\"dropped\":\"spring\"}\n", "\(dropped.stderr)")
        #expect(try await QuiverProcess.run(["partition", "list"] + common).stdoutLines == ["{\"partition\":\"_default\",\"rows\":20}"])
        #expect(try await QuiverProcess.run(["count"] + common).stdout == "{\"count\":20}\n")
    }

    @Test func unknownPartitionsAreNamedAndChangeNothing() async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let common = ["--data", sandbox.data, "--collection", "docs"]
        try sandbox.writeVectors("base.npy", rowCount: 5, dimension: 8, seed: 43)
        #expect(try await QuiverProcess.run(["create"] + common + ["--dim", "8", "--metric", "L2"]).status == 0)
        #expect(try await QuiverProcess.run(["insert"] + common + ["--vectors", sandbox.path("base.npy")]).status == 0)

        let unknown = "partition 'winter' does not exist in collection 'docs'"
        for command in [
            ["insert"] + common + ["--vectors", sandbox.path("base.npy"), "--start-id", "10", "--partition", "winter"],
            ["search"] + common + ["--queries", sandbox.path("base.npy"), "--k", "1", "--partition", "_default,winter"],
            ["query"] + common + ["--filter", "", "--partition", "winter"],
            ["count"] + common + ["--partition", "winter"],
            ["get"] + common + ["--ids", "1", "--partition", "winter"],
            ["delete"] + common + ["--ids", "1", "--partition", "winter"],
            ["partition", "drop"] + common + ["--partition", "winter"],
        ] {
            let result = try await QuiverProcess.run(command)
            #expect(result.status == 1 && result.stderr.contains(unknown), "\(command[0]): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(command[0])")
        }
        let list = try await QuiverProcess.run(["delete"] + common + ["--ids", "1", "--partition", "a,b"])
        #expect(list.status == 1 && list.stderr.contains("--partition 'a,b': this command takes one partition name"))
        let defaultDrop = try await QuiverProcess.run(["partition", "drop"] + common + ["--partition", "_default"])
        #expect(defaultDrop.status == 1 && defaultDrop.stderr.contains("partition '_default' cannot be dropped"))
        let twice = try await QuiverProcess.run(["partition", "create"] + common + ["--partition", "_default"])
        #expect(twice.status == 1 && twice.stderr.contains("partition '_default' already exists"))
        #expect(try await QuiverProcess.run(["count"] + common).stdout == "{\"count\":5}\n")
    }

    @Test func aPartitionKeySchemaRoutesRowsAndRefusesManualPartitions() async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let common = ["--data", sandbox.data, "--collection", "tenants"]
        let schema = """
            {"autoID": false, "partitionsNum": 4, "fields": [
              {"fieldName": "id", "dataType": "Int64", "isPrimary": true},
              {"fieldName": "vector", "dataType": "FloatVector", "elementTypeParams": {"dim": 8}},
              {"fieldName": "tenant", "dataType": "VarChar", "isPartitionKey": true, "elementTypeParams": {"max_length": 16}}]}
            """
        try schema.write(toFile: sandbox.path("schema.json"), atomically: true, encoding: .utf8)
        let created = try await QuiverProcess.run(["create"] + common + ["--schema", sandbox.path("schema.json"), "--metric", "L2"])
        #expect(created.status == 0, "\(created.stderr)")
        let vectors = SeededVectors.make(rowCount: 40, dimension: 8, seed: 45)
        let lines = (0..<40).map { i in
            "{\"id\": \(i), \"tenant\": \"t\(i % 5)\", \"vector\": [\(vectors[(i * 8)..<(i * 8 + 8)].map { "\($0)" }.joined(separator: ","))]}"
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: sandbox.path("rows.jsonl"), atomically: true, encoding: .utf8)
        #expect(try await QuiverProcess.run(["insert"] + common + ["--rows", sandbox.path("rows.jsonl")]).status == 0)

        // Each hidden partition holds exactly the rows whose tenant hashes to it.
        let routing = try #require(PartitionKeyRouting(schema: CollectionSchema(
            fields: [.int64PrimaryKey("id"), .floatVector("vector", dimension: 8),
                     FieldSchema(name: "tenant", dataType: .varChar, maxLength: 16, isPartitionKey: true)],
            hashPartitionCount: 4)))
        var expected = [Int](repeating: 0, count: 4)
        for i in 0..<40 { expected[Int(routing.partitionID(ofString: "t\(i % 5)")) - 1] += 1 }
        let listed = try await QuiverProcess.run(["partition", "list"] + common)
        #expect(listed.stdoutLines == (0..<4).map { "{\"partition\":\"_default_\($0)\",\"rows\":\(expected[$0])}" })

        let t2 = try await QuiverProcess.run(["query"] + common + ["--filter", "tenant == 't2'", "--output-fields", "id"])
        #expect(try Self.ids(t2) == (0..<40).filter { $0 % 5 == 2 })

        for command in [
            ["partition", "create"] + common + ["--partition", "p1"],
            ["insert"] + common + ["--rows", sandbox.path("rows.jsonl"), "--partition", "_default_0"],
            ["query"] + common + ["--filter", "", "--partition", "_default_0"],
        ] {
            let refused = try await QuiverProcess.run(command)
            #expect(refused.status == 1 && refused.stderr.contains("partition key field 'tenant'"), "\(command[0]): \(refused.stderr)")
        }
        #expect(try await QuiverProcess.run(["count"] + common).stdout == "{\"count\":40}\n")
    }
}
