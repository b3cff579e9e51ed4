// quiver compact: several inserts (each CLI run flushes on close, so each leaves a segment) and
// a delete, then one compact leaves one segment with no deleted rows and every live row intact.

import Foundation
import Quiver
import QuiverJSON
import Testing

@Suite struct CLICompactTests {
    @Test func compactMergesSegmentsAndDropsDeletedRows() async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let dimension = 8
        let common = ["--data", sandbox.data, "--collection", "docs"]
        #expect(try await QuiverProcess.run(["create"] + common + ["--dim", "\(dimension)", "--metric", "L2"]).status == 0)
        try sandbox.writeVectors("base.npy", rowCount: 30, dimension: dimension, seed: 9)
        for start in [0, 100, 200] {
            let inserted = try await QuiverProcess.run(["insert"] + common + ["--vectors", sandbox.path("base.npy"), "--start-id", "\(start)"])
            #expect(inserted.status == 0, "\(inserted.stderr)")
        }
        #expect(try await QuiverProcess.run(["delete"] + common + ["--ids", "0,1,2,100,229"]).stdout == "{\"deleted\":5}\n")

        let compacted = try await QuiverProcess.run(["compact"] + common)
        #expect(compacted.status == 0, "\(compacted.stderr)")
        let summary = try #require(try compacted.jsonLines().first)
        #expect(summary["segments"]?.asInt == 1)
        #expect(summary["deleted_rows"]?.asInt == 0)
        #expect(summary["deleted_rows_dropped"]?.asInt == 5)

        let stats = try #require(try await QuiverProcess.run(["stats"] + common).jsonLines().first)
        #expect(stats["rows"]?.asInt == 85)
        #expect(stats["segments"]?.asInt == 1)
        let got = try await QuiverProcess.run(["get"] + common + ["--ids", "0,3,100,101,229,228"])
        #expect(try got.jsonLines().map { $0["id"]?.asInt } == [3, 101, 228])
        #expect(try await QuiverProcess.run(["verify", "--data", sandbox.data]).status == 0)
    }

    // A CLI process ends before the background index pass would run, so `compact` builds the
    // indexes the merged segments need itself (the user report of issue 15: merged segments were
    // left unindexed and nothing in the CLI built them).
    @Test func compactIndexesTheMergedSegment() async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let common = ["--data", sandbox.data, "--collection", "docs"]
        #expect(try await QuiverProcess.run(["create"] + common + ["--dim", "8", "--metric", "L2"]).status == 0)
        try sandbox.writeVectors("base.npy", rowCount: 6000, dimension: 8, seed: 4)
        for start in [0, 10_000] {   // two segments, each below the 10,000-row index threshold
            let inserted = try await QuiverProcess.run(["insert"] + common + ["--vectors", sandbox.path("base.npy"), "--start-id", "\(start)"])
            #expect(inserted.status == 0, "\(inserted.stderr)")
        }
        let indexed = try await QuiverProcess.run(["index", "create"] + common + ["--type", "HNSW", "--params", "M=8,efConstruction=32"])
        #expect(indexed.status == 0, "\(indexed.stderr)")

        let compacted = try await QuiverProcess.run(["compact"] + common)
        #expect(compacted.status == 0, "\(compacted.stderr)")
        let summary = try #require(try compacted.jsonLines().first)
        #expect(summary["segments"]?.asInt == 1)
        #expect(summary["indexes_built"]?.asInt == 1)
        let described = try await QuiverProcess.run(["index", "describe"] + common)
        #expect(described.status == 0 && described.stdout.contains("\"indexed_rows\":12000"), "\(described.stdout)")
    }
}
