// Schema files, JSON Lines rows, filters and indexes through the real binary: create --schema,
// insert --rows, query, count, search --filter, delete --filter, index create/describe/drop, and
// the exit status and message of each kind of bad input.

import Foundation
import Quiver
import QuiverJSON
import Testing

/// A people collection: Int64 key `id` (100 + i), FloatVector(8) `embedding`, Int32 `age`
/// (20 + i), VarChar `color` (red, green, blue by i % 3), JSON `meta` ({"tier": gold for even i,
/// "score": i}) and the dynamic key `city` (Oslo for i < 15, Rome after).
struct PeopleFixture {
    static let rowCount = 30, dimension = 8
    static let colors = ["red", "green", "blue"]
    static let schema = """
        {"autoID": false, "enableDynamicField": true, "fields": [
          {"fieldName": "id", "dataType": "Int64", "isPrimary": true},
          {"fieldName": "embedding", "dataType": "FloatVector", "elementTypeParams": {"dim": "8"}},
          {"fieldName": "age", "dataType": "Int32"},
          {"fieldName": "color", "dataType": "VarChar", "elementTypeParams": {"max_length": 16}},
          {"fieldName": "meta", "dataType": "JSON", "nullable": true}]}
        """

    let sandbox: CLISandbox
    let vectors = SeededVectors.make(rowCount: rowCount, dimension: dimension, seed: 41)
    var common: [String] { ["--data", sandbox.data, "--collection", "people"] }

    func vector(_ i: Int) -> [Float] { Array(vectors[(i * Self.dimension) ..< ((i + 1) * Self.dimension)]) }
    static func id(_ i: Int) -> Int { 100 + i }
    static func ids(where predicate: (Int) -> Bool) -> [Int] { (0 ..< rowCount).filter(predicate).map(id) }

    func rowLine(_ i: Int) -> String {
        let embedding = vector(i).map { "\($0)" }.joined(separator: ",")
        let tier = i % 2 == 0 ? "gold" : "free"
        return #"{"id": \#(Self.id(i)), "embedding": [\#(embedding)], "age": \#(20 + i), "color": "\#(Self.colors[i % 3])", "#
            + #""meta": {"tier": "\#(tier)", "score": \#(i)}, "city": "\#(i < 15 ? "Oslo" : "Rome")"}"#
    }

    /// Creates the collection from the schema file and inserts every row in batches of 8.
    func load() async throws {
        try Self.schema.write(toFile: sandbox.path("schema.json"), atomically: true, encoding: .utf8)
        let created = try await QuiverProcess.run(["create"] + common + ["--schema", sandbox.path("schema.json"), "--metric", "L2"])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout == "{\"created\":\"people\"}\n")
        let rows = (0 ..< Self.rowCount).map(rowLine).joined(separator: "\n") + "\n"
        try rows.write(toFile: sandbox.path("rows.jsonl"), atomically: true, encoding: .utf8)
        let inserted = try await QuiverProcess.run(["insert"] + common + ["--rows", sandbox.path("rows.jsonl"), "--batch", "8"])
        #expect(inserted.status == 0, "\(inserted.stderr)")
        #expect(inserted.stdoutLines == ["{\"acked_through\":107}", "{\"acked_through\":115}",
                                         "{\"acked_through\":123}", "{\"acked_through\":129}"])
    }

    func query(_ filter: String, _ extra: [String] = []) async throws -> [JSONObject] {
        let result = try await QuiverProcess.run(["query"] + common + ["--filter", filter] + extra)
        #expect(result.status == 0, "\(filter): \(result.stderr)")
        return try result.jsonLines()
    }

    func count(_ filter: String? = nil) async throws -> Int? {
        let result = try await QuiverProcess.run(["count"] + common + (filter.map { ["--filter", $0] } ?? []))
        #expect(result.status == 0, "\(result.stderr)")
        return try result.jsonLines().first?["count"]?.asInt
    }
}

/// A collection of an id and 8-dimensional vectors, rows 0..<rowCount from seeded vectors.
private func makeVectorCollection(_ sandbox: CLISandbox, rowCount: Int) async throws -> [String] {
    let common = ["--data", sandbox.data, "--collection", "vectors"]
    try sandbox.writeVectors("base.npy", rowCount: rowCount, dimension: 8, seed: 43)
    #expect(try await QuiverProcess.run(["create"] + common + ["--dim", "8", "--metric", "L2"]).status == 0)
    #expect(try await QuiverProcess.run(["insert"] + common + ["--vectors", sandbox.path("base.npy")]).status == 0)
    return common
}

@Suite struct CLIFilterTests {
    @Test func queryAndCountReturnExactlyTheRowsTheFilterSelects() async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let people = PeopleFixture(sandbox: sandbox)
        try await people.load()

        let redAndOlder = try await people.query(#"age >= 35 and color == "red""#)
        #expect(redAndOlder.compactMap { $0["id"]?.asInt }.sorted() == PeopleFixture.ids { $0 >= 15 && $0 % 3 == 0 })

        // A JSON path and a dynamic key in one filter; output fields mix schema and dynamic names.
        let goldInRome = try await people.query(#"meta["tier"] == "gold" and city == "Rome""#, ["--output-fields", "id,age,city"])
        #expect(goldInRome.compactMap { $0["id"]?.asInt }.sorted() == PeopleFixture.ids { $0 % 2 == 0 && $0 >= 15 })
        for row in goldInRome {
            #expect(Set(row.keys) == ["id", "age", "city"])
            #expect(row["city"]?.stringValue == "Rome")
            #expect(row["age"]?.asInt == (row["id"]?.asInt).map { $0 - 100 + 20 })
        }

        // A whole row: vectors as arrays, JSON fields embedded, dynamic keys flattened.
        let single = try await QuiverProcess.run(["query"] + people.common + ["--filter", "id == 103"])
        let row = try #require(try single.jsonLines().first)
        #expect(single.stdoutLines.count == 1)
        #expect(Set(row.keys) == ["id", "embedding", "age", "color", "meta", "city"])
        #expect(row["age"]?.asInt == 23 && row["color"]?.stringValue == "red" && row["city"]?.stringValue == "Oslo")
        let meta = try #require(row["meta"]?.objectValue)
        #expect(meta["tier"]?.stringValue == "free" && meta["score"]?.asInt == 3)
        let embedding = try #require(floatArray(named: "embedding", in: single.stdoutLines[0]))
        #expect(zip(embedding, people.vector(3)).allSatisfy { abs($0 - $1) <= 1e-6 } && embedding.count == 8)

        let page = try await people.query("id < 110", ["--limit", "3", "--offset", "2"])
        let pageIDs = page.compactMap { $0["id"]?.asInt }
        #expect(pageIDs.count == 3 && Set(pageIDs).count == 3 && pageIDs.allSatisfy { $0 < 110 })

        #expect(try await people.count(#"color in ["red", "blue"]"#) == PeopleFixture.ids { $0 % 3 != 1 }.count)
        #expect(try await people.count() == PeopleFixture.rowCount)
    }

    @Test func filteredSearchAndFilteredDeleteTouchOnlyMatchingRows() async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let people = PeopleFixture(sandbox: sandbox)
        try await people.load()

        // Query 0 is row 1's vector (green), query 1 row 0's (red): both may return green rows only.
        try VectorFile.writeNPY(floats: people.vector(1) + people.vector(0), rowCount: 2, dimension: 8,
                                toPath: sandbox.path("queries.npy"))
        let searched = try await QuiverProcess.run(["search"] + people.common + ["--queries", sandbox.path("queries.npy"),
                                                                                "--k", "4", "--filter", #"color == "green""#])
        #expect(searched.status == 0, "\(searched.stderr)")
        let results = try searched.jsonLines()
        let green = Set(PeopleFixture.ids { $0 % 3 == 1 })
        try #require(results.count == 2)
        for result in results {
            let ids = try #require(result["ids"]?.asInts)
            #expect(ids.count == 4 && ids.allSatisfy(green.contains))
        }
        #expect((results[0]["ids"]?.asInts)?.first == 101)

        let deleted = try await QuiverProcess.run(["delete"] + people.common + ["--filter", "age < 26"])
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(deleted.stdout == "{\"deleted\":6}\n")
        #expect(try await people.count() == PeopleFixture.rowCount - 6)
        #expect(try await people.query("id < 106").isEmpty)

        let both = try await QuiverProcess.run(["delete"] + people.common + ["--ids", "110", "--filter", "age > 1"])
        #expect(both.status == 1 && both.stderr.contains("exactly one of --ids and --filter"))
        #expect(try await QuiverProcess.run(["delete"] + people.common).status == 1)
        #expect(try await people.count() == PeopleFixture.rowCount - 6)
    }

    @Test func indexCreateDescribeAndDropReportTheIndex() async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let common = try await makeVectorCollection(sandbox, rowCount: 200)

        let created = try await QuiverProcess.run(["index", "create"] + common + ["--type", "HNSW", "--metric", "L2",
                                                                                  "--params", "M=8,efConstruction=64"])
        #expect(created.status == 0, "\(created.stderr)")
        let described = try await QuiverProcess.run(["index", "describe"] + common)
        #expect(described.stdout == created.stdout)
        let index = try #require(try described.jsonLines().first)
        #expect(index["field"]?.stringValue == "vector" && index["type"]?.stringValue == "HNSW" && index["metric"]?.stringValue == "L2")
        #expect(index["params"]?.asIntDictionary == ["M": 8, "efConstruction": 64])
        #expect((index["indexed_rows"]?.asInt ?? -1) + (index["pending_rows"]?.asInt ?? -1) == 200)
        #expect(index["state"]?.stringValue == "Finished")

        // --ef and --nprobe reach the search; a stored vector still finds itself.
        let base = SeededVectors.make(rowCount: 200, dimension: 8, seed: 43)
        try VectorFile.writeNPY(floats: Array(base[56 ..< 64]), rowCount: 1, dimension: 8, toPath: sandbox.path("q.npy"))
        for tuning in [["--ef", "16"], ["--nprobe", "4"]] {
            let searched = try await QuiverProcess.run(["search"] + common + ["--queries", sandbox.path("q.npy"), "--k", "5"] + tuning)
            #expect(searched.status == 0, "\(tuning): \(searched.stderr)")
            #expect((try searched.jsonLines().first?["ids"]?.asInts)?.first == 7)
        }
        let badEf = try await QuiverProcess.run(["search"] + common + ["--queries", sandbox.path("q.npy"), "--k", "5", "--ef", "2"])
        #expect(badEf.status == 1 && badEf.stderr.contains("ef"))

        let again = try await QuiverProcess.run(["index", "create"] + common + ["--type", "HNSW"])
        #expect(again.status == 1 && again.stderr.contains("already has an index"))
        let dropped = try await QuiverProcess.run(["index", "drop"] + common)
        #expect(dropped.stdout == "{\"dropped\":\"vector\"}\n")
        let gone = try await QuiverProcess.run(["index", "describe"] + common)
        #expect(gone.status == 1 && gone.stderr.contains("has no index"))

        let unknownType = try await QuiverProcess.run(["index", "create"] + common + ["--type", "BOGUS"])
        #expect(unknownType.status == 1 && unknownType.stderr.contains("'BOGUS' is not an index type"))
        let badParameter = try await QuiverProcess.run(["index", "create"] + common + ["--type", "IVF_FLAT", "--params", "nlist=0"])
        #expect(badParameter.status == 1 && badParameter.stderr.contains("nlist"), "\(badParameter.stderr)")
        let malformed = try await QuiverProcess.run(["index", "create"] + common + ["--type", "HNSW", "--params", "M:8"])
        #expect(malformed.status == 1 && malformed.stderr.contains("NAME=VALUE"))
        // HNSW_SQ takes Milvus's words (sq_type=SQ8, refine=true) and shows them back as words.
        let quantized = try await QuiverProcess.run(["index", "create"] + common + ["--type", "HNSW_SQ", "--params", "M=8,sq_type=SQ8,refine=true"])
        #expect(quantized.status == 0, "\(quantized.stderr)")
        let quantizedParams = try #require(try quantized.jsonLines().first?["params"])
        #expect(JSONWriter.string(of: quantizedParams) == #"{"M":8,"refine":true,"sq_type":"SQ8"}"#)
        let searchedSQ = try await QuiverProcess.run(["search"] + common + ["--queries", sandbox.path("q.npy"), "--k", "5"])
        #expect((try searchedSQ.jsonLines().first?["ids"]?.asInts)?.first == 7, "\(searchedSQ.stderr)")
        let badWord = try await QuiverProcess.run(["index", "create"] + common + ["--type", "HNSW_SQ", "--params", "sq_type=PQ"])
        #expect(badWord.status == 1 && badWord.stderr.contains("sq_type"), "\(badWord.stderr)")
    }

    @Test func scalarIndexCreateDescribeAndQuery() async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let schema = #"{"schema": {"fields": [{"fieldName": "id", "dataType": "Int64", "isPrimary": true},"#
            + #"{"fieldName": "v", "dataType": "FloatVector", "elementTypeParams": {"dim": 2}},"#
            + #"{"fieldName": "year", "dataType": "Int32"}]}}"#
        try schema.write(toFile: sandbox.path("schema.json"), atomically: true, encoding: .utf8)
        let rows = (0..<40).map { "{\"id\": \($0), \"v\": [\($0), 1], \"year\": \(2000 + $0 % 10)}" }.joined(separator: "\n")
        try rows.write(toFile: sandbox.path("rows.jsonl"), atomically: true, encoding: .utf8)
        let common = ["--data", sandbox.data, "--collection", "books"]
        #expect(try await QuiverProcess.run(["create"] + common + ["--schema", sandbox.path("schema.json")]).status == 0)
        #expect(try await QuiverProcess.run(["insert"] + common + ["--rows", sandbox.path("rows.jsonl")]).status == 0)

        let created = try await QuiverProcess.run(["index", "create"] + common + ["--field", "year", "--type", "STL_SORT"])
        #expect(created.status == 0, "\(created.stderr)")
        let index = try #require(try created.jsonLines().first)
        #expect(index["type"]?.stringValue == "STL_SORT" && index["metric"] == .null && index["indexed_rows"]?.asInt == 40)
        let queried = try await QuiverProcess.run(["query"] + common + ["--filter", "year == 2003", "--output-fields", "id"])
        #expect(try queried.jsonLines().compactMap { $0["id"]?.asInt }.sorted() == [3, 13, 23, 33])
        let vectorType = try await QuiverProcess.run(["index", "create"] + common + ["--field", "v", "--type", "INVERTED"])
        #expect(vectorType.status == 1 && vectorType.stderr.contains("INVERTED"), "\(vectorType.stderr)")
    }

    @Test func autoIDRowsPrintTheLastAssignedID() async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let schema = #"{"schema": {"autoID": true, "fields": [{"fieldName": "pk", "dataType": "Int64", "isPrimary": true},"#
            + #"{"fieldName": "v", "dataType": "FloatVector", "elementTypeParams": {"dim": 2}}]}}"#
        try schema.write(toFile: sandbox.path("schema.json"), atomically: true, encoding: .utf8)
        try "{\"v\": [1, 0]}\n{\"v\": [0, 1]}\r\n{\"v\": [0.5, 0.5]}".write(toFile: sandbox.path("rows.jsonl"), atomically: true, encoding: .utf8)
        let common = ["--data", sandbox.data, "--collection", "auto"]
        #expect(try await QuiverProcess.run(["create"] + common + ["--schema", sandbox.path("schema.json"), "--metric", "ip"]).status == 0)
        let inserted = try await QuiverProcess.run(["insert"] + common + ["--rows", sandbox.path("rows.jsonl")])
        #expect(inserted.status == 0, "\(inserted.stderr)")
        let acked = try #require(try inserted.jsonLines().first?["acked_through"]?.asInt)
        let queried = try await QuiverProcess.run(["query"] + common + ["--filter", "", "--output-fields", "pk"])
        let ids = try queried.jsonLines().compactMap { $0["pk"]?.asInt }
        #expect(ids.count == 3 && ids.max() == acked)
    }

    @Test func badSchemaRowsAndFiltersExitOneNamingTheProblem() async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        func createFails(_ schema: String, mentioning parts: [String]) async throws {
            try schema.write(toFile: sandbox.path("bad.json"), atomically: true, encoding: .utf8)
            let result = try await QuiverProcess.run(["create", "--data", sandbox.data, "--collection", "bad",
                                                      "--schema", sandbox.path("bad.json")])
            #expect(result.status == 1, "\(schema)")
            for part in parts { #expect(result.stderr.contains(part), "\(result.stderr) lacks \(part)") }
        }
        let key = #"{"fieldName": "id", "dataType": "Int64", "isPrimary": true}"#
        try await createFails(#"{"fields": [\#(key), {"fieldName": "embedding", "dataType": "FloatVector"}]}"#,
                              mentioning: ["'embedding'", "dim"])
        try await createFails(#"{"fields": [\#(key), {"fieldName": "age", "dataType": "Int65"}]}"#, mentioning: ["'age'", "Int65"])
        try await createFails(#"{"fields": [\#(key), {"fieldName": "v", "dataType": "FloatVector", "elementTypeParams": {"dims": 4}}]}"#,
                              mentioning: ["'v'", "dim"])
        try await createFails(#"{"fields": [\#(key), "#, mentioning: ["bad.json", "invalid JSON"])
        let mixed = try await QuiverProcess.run(["create", "--data", sandbox.data, "--collection", "bad",
                                                 "--schema", sandbox.path("bad.json"), "--dim", "8"])
        #expect(mixed.status == 1 && mixed.stderr.contains("--schema"))
        #expect(try await QuiverProcess.run(["list", "--data", sandbox.data]).stdout == "{\"collections\":[]}\n")

        let common = try await makeVectorCollection(sandbox, rowCount: 10)
        func insertFails(_ rows: String, batch: Int = 1000, mentioning parts: [String]) async throws -> QuiverResult {
            try rows.write(toFile: sandbox.path("rows.jsonl"), atomically: true, encoding: .utf8)
            let result = try await QuiverProcess.run(["insert"] + common + ["--rows", sandbox.path("rows.jsonl"), "--batch", "\(batch)"])
            #expect(result.status == 1, "\(rows)")
            for part in parts { #expect(result.stderr.contains(part), "\(result.stderr) lacks \(part)") }
            return result
        }
        let vector = "[1,2,3,4,5,6,7,8]"
        _ = try await insertFails("{\"id\": 20, \"vector\": \(vector)}\n{\"id\": \"x\", \"vector\": \(vector)}",
                                  mentioning: ["line 2", "'id'", "expected Int64"])
        _ = try await insertFails("{\"id\": 20, \"vector\": [1,2]}", mentioning: ["line 1", "'vector'", "dimension 2"])
        _ = try await insertFails("{\"id\": 20, \"vector\": \(vector), \"extra\": 1}", mentioning: ["line 1", "'extra'", "dynamic field is off"])
        // Batches before the bad line stay inserted, and say so.
        let partial = try await insertFails("{\"id\": 20, \"vector\": \(vector)}\n\n{\"id\": 21, \"vector\": [1,}",
                                            batch: 1, mentioning: ["line 3", "invalid JSON"])
        #expect(partial.stdoutLines == ["{\"acked_through\":20}"])

        let badFilter = try await QuiverProcess.run(["query"] + common + ["--filter", "id >"])
        #expect(badFilter.status == 1 && badFilter.stderr.contains("filter"))
        let unknownField = try await QuiverProcess.run(["count"] + common + ["--filter", "nosuch == 1"])
        #expect(unknownField.status == 1 && unknownField.stderr.contains("nosuch"))
        try VectorFile.writeNPY(floats: [Float](repeating: 0, count: 8), rowCount: 1, dimension: 8, toPath: sandbox.path("q.npy"))
        let badSearch = try await QuiverProcess.run(["search"] + common + ["--queries", sandbox.path("q.npy"), "--k", "1",
                                                                         "--filter", "id in"])
        #expect(badSearch.status == 1 && badSearch.stderr.contains("filter"))
        let emptyDelete = try await QuiverProcess.run(["delete"] + common + ["--filter", " "])
        #expect(emptyDelete.status == 1 && emptyDelete.stderr.contains("empty filter"))
    }
}
