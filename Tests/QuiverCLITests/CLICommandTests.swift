// The subcommands end to end through the real binary: what they print, and how they fail.

import Foundation
import Quiver
import QuiverJSON
import Testing

@Suite struct CLICommandTests {
    let dimension = 8

    @Test func createInsertSearchReturnsTheExactNearestNeighbours() async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let rowCount = 600, k = 5
        let base = try sandbox.writeVectors("base.npy", rowCount: rowCount, dimension: dimension, seed: 1)
        let queries = SeededVectors.make(rowCount: 4, dimension: dimension, seed: 2) + Array(base[(7 * dimension) ..< (8 * dimension)])
        try VectorFile.writeNPY(floats: queries, rowCount: 5, dimension: dimension, toPath: sandbox.path("queries.npy"))

        let created = try await QuiverProcess.run(["create", "--data", sandbox.data, "--collection", "docs", "--dim", "\(dimension)", "--metric", "L2"])
        #expect(created.status == 0)
        #expect(created.stdout == "{\"created\":\"docs\"}\n")

        let inserted = try await QuiverProcess.run(["insert", "--data", sandbox.data, "--collection", "docs",
                                                    "--vectors", sandbox.path("base.npy"), "--batch", "250"])
        #expect(inserted.status == 0, "\(inserted.stderr)")
        #expect(inserted.stdoutLines == ["{\"acked_through\":249}", "{\"acked_through\":499}", "{\"acked_through\":599}"])

        let searched = try await QuiverProcess.run(["search", "--data", sandbox.data, "--collection", "docs",
                                                    "--queries", sandbox.path("queries.npy"), "--k", "\(k)"])
        #expect(searched.status == 0, "\(searched.stderr)")
        let results = try searched.jsonLines()
        try #require(results.count == 5)
        for (queryIndex, result) in results.enumerated() {
            let query = queries[(queryIndex * dimension) ..< ((queryIndex + 1) * dimension)]
            let truth = (0 ..< rowCount).map { row in
                (id: row, distance: zip(query, base[(row * dimension) ..< ((row + 1) * dimension)])
                    .reduce(Float(0)) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) })
            }.sorted { $0.distance < $1.distance }.prefix(k)
            #expect(result["ids"]?.asInts == truth.map(\.id), "query \(queryIndex)")
            let distances = try #require(result["distances"]?.asDoubles)
            for (got, want) in zip(distances, truth.map(\.distance)) {
                #expect(abs(Float(got) - want) <= 1e-4 * max(1, want))
            }
        }
        #expect(results[4]["ids"]?.asInts?.first == 7)   // a stored vector finds itself
    }

    @Test func getDeleteStatsListAndVerifyPrintTheExpectedJSON() async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let base = try sandbox.writeVectors("base.npy", rowCount: 100, dimension: dimension, seed: 3)
        let common = ["--data", sandbox.data, "--collection", "items"]
        #expect(try await QuiverProcess.run(["create"] + common + ["--dim", "\(dimension)", "--metric", "ip"]).status == 0)
        let inserted = try await QuiverProcess.run(["insert"] + common + ["--vectors", sandbox.path("base.npy"), "--start-id", "1000"])
        #expect(inserted.stdoutLines == ["{\"acked_through\":1099}"])

        let got = try await QuiverProcess.run(["get"] + common + ["--ids", "1000,1050,9999"])
        #expect(got.status == 0, "\(got.stderr)")
        let rows = try got.jsonLines()
        #expect(rows.map { $0["id"]?.asInt } == [1000, 1050])
        #expect(got.stdoutLines.map { floatArray(named: "vector", in: $0) }
                == [Array(base[0 ..< dimension]), Array(base[(50 * dimension) ..< (51 * dimension)])])

        let deleted = try await QuiverProcess.run(["delete"] + common + ["--ids", "1000,1001,9999"])
        #expect(deleted.stdout == "{\"deleted\":2}\n")
        #expect(try await QuiverProcess.run(["get"] + common + ["--ids", "1000,1001"]).stdout.isEmpty)

        let stats = try await QuiverProcess.run(["stats"] + common)
        let counters = try #require(try stats.jsonLines().first)
        #expect(counters["rows"]?.asInt == 98)
        let keys = ["rows", "segments", "buffer_rows", "deleted_rows", "wal_bytes", "last_sequence",
                    "checkpoint_sequence", "replayed_records", "dropped_wal_bytes"]
        #expect(Set(counters.keys) == Set(keys))
        #expect(keys.allSatisfy { counters[$0]?.intValue != nil })

        let listed = try await QuiverProcess.run(["list", "--data", sandbox.data])
        #expect(try listed.jsonLines().first?["collections"]?.asStrings == ["items"])

        let verified = try await QuiverProcess.run(["verify", "--data", sandbox.data])
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
        let report = try #require(try verified.jsonLines().first)
        #expect((report["checked_files"]?.asInt ?? 0) > 0)
        #expect(report["problems"]?.asStrings == [])
    }

    @Test func varCharAndAutoIDCollectionsUseTheirOwnKeys() async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        try sandbox.writeVectors("base.npy", rowCount: 20, dimension: dimension, seed: 4)
        let names = ["--data", sandbox.data, "--collection", "names"]
        #expect(try await QuiverProcess.run(["create"] + names + ["--dim", "\(dimension)", "--metric", "COSINE", "--id-type", "varchar"]).status == 0)
        let inserted = try await QuiverProcess.run(["insert"] + names + ["--vectors", sandbox.path("base.npy"), "--start-id", "5"])
        #expect(inserted.stdoutLines == ["{\"acked_through\":\"24\"}"])
        let got = try await QuiverProcess.run(["get"] + names + ["--ids", "5,24,4"])
        #expect(try got.jsonLines().map { $0["id"]?.stringValue } == ["5", "24"])

        let auto = ["--data", sandbox.data, "--collection", "auto"]
        #expect(try await QuiverProcess.run(["create"] + auto + ["--dim", "\(dimension)", "--metric", "L2", "--auto-id"]).status == 0)
        let rejected = try await QuiverProcess.run(["insert"] + auto + ["--vectors", sandbox.path("base.npy"), "--start-id", "0"])
        #expect(rejected.status == 1)
        #expect(rejected.stderr.contains("--start-id"))
        let assigned = try await QuiverProcess.run(["insert"] + auto + ["--vectors", sandbox.path("base.npy"), "--batch", "10"])
        #expect(assigned.status == 0, "\(assigned.stderr)")
        #expect(try assigned.jsonLines().count == 2)
    }

    @Test func badInputFailsWithAMessageNamingTheProblem() async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let common = ["--data", sandbox.data, "--collection", "docs"]
        #expect(try await QuiverProcess.run(["create"] + common + ["--dim", "\(dimension)", "--metric", "L2"]).status == 0)

        try sandbox.writeVectors("wide.npy", rowCount: 10, dimension: dimension + 1, seed: 5)
        let wrongDimension = try await QuiverProcess.run(["insert"] + common + ["--vectors", sandbox.path("wide.npy")])
        #expect(wrongDimension.status == 1)
        #expect(wrongDimension.stdout.isEmpty)
        #expect(wrongDimension.stderr.hasPrefix("error: "))
        #expect(wrongDimension.stderr.contains("wide.npy") && wrongDimension.stderr.contains("dimension \(dimension + 1)"))

        _ = FileManager.default.createFile(atPath: sandbox.path("garbage.npy"), contents: Data("not numpy at all".utf8))
        let garbage = try await QuiverProcess.run(["insert"] + common + ["--vectors", sandbox.path("garbage.npy")])
        #expect(garbage.status == 1)
        #expect(garbage.stderr.contains("garbage.npy") && garbage.stderr.contains("magic"))

        let unknown = try await QuiverProcess.run(["stats", "--data", sandbox.data, "--collection", "nope"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("'nope'") && unknown.stderr.contains("does not exist"))

        let duplicate = try await QuiverProcess.run(["create"] + common + ["--dim", "\(dimension)", "--metric", "L2"])
        #expect(duplicate.status == 1)
        #expect(duplicate.stderr.contains("already exists"))

        let badMetric = try await QuiverProcess.run(["create", "--data", sandbox.data, "--collection", "x", "--dim", "4", "--metric", "HAMMING"])
        #expect(badMetric.status == 1)
        #expect(badMetric.stderr.contains("--metric"))

        let stats = try await QuiverProcess.run(["stats"] + common)
        #expect(try stats.jsonLines().first?["rows"]?.asInt == 0)   // the failed inserts left nothing
    }

    @Test func aSecondProcessOnALockedDirectoryExitsWithStatus3() async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let common = ["--data", sandbox.data, "--collection", "docs"]
        #expect(try await QuiverProcess.run(["create"] + common + ["--dim", "16", "--metric", "L2"]).status == 0)
        try sandbox.writeVectors("big.npy", rowCount: 100_000, dimension: 16, seed: 6)
        // Tiny batches make the insert run far longer than the `stats` below.
        let writer = try QuiverProcess.start(["insert"] + common + ["--vectors", sandbox.path("big.npy"), "--batch", "5"])
        #expect(try await writer.waitForLines(1))   // the first ack proves it holds the directory

        let blocked = try await QuiverProcess.run(["stats"] + common)
        let writerWasRunning = writer.isRunning
        try await writer.killAndDrain()
        #expect(writerWasRunning, "the insert finished before the second process ran; the test proved nothing")
        #expect(blocked.status == 3)
        #expect(blocked.stderr.hasPrefix("error: ") && blocked.stderr.contains("in use"))

        let after = try await QuiverProcess.run(["stats"] + common)   // the lock died with the writer
        #expect(after.status == 0, "\(after.stderr)")
    }
}
