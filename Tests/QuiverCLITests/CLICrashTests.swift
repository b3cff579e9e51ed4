// The crash test: `quiver insert` SIGKILLed at seeded random moments, round after round, each
// round continuing from the ids the last one left. Every acknowledged id must survive with its
// vector bit for bit, no id may appear twice, and recovery must be repeatable and leave files
// that `quiver verify` calls intact.
//
// Why the ids after a crash form the prefix 0..<rows: insert sends batch b+1 only after batch b
// was acknowledged, each batch is atomic, so the durable rows are whole batches from the start;
// at most one batch beyond the last printed ack can be durable (killed between fsync and print).

import Foundation
import Quiver
import QuiverJSON
import Testing

@Suite(.serialized) struct CLICrashTests {
    let dimension = 16, fileRowCount = 200_000, batchRowCount = 1000, roundCount = 5

    @Test func killedInsertsKeepEveryAcknowledgedRowExactlyOnce() async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let common = ["--data", sandbox.data, "--collection", "crash"]
        #expect(try await QuiverProcess.run(["create"] + common + ["--dim", "\(dimension)", "--metric", "L2"]).status == 0)
        // The vector of id i is row i % fileRowCount of `base`, whichever round inserted it.
        let base = SeededVectors.make(rowCount: fileRowCount, dimension: dimension, seed: 7)
        var delays = SeededVectors.make(rowCount: roundCount, dimension: 1, seed: 8).map { Int(($0 + 1) / 2 * 350) + 50 }
        var nextID = 0, ackedThrough = -1

        for round in 0 ..< roundCount {
            let rotation = (nextID % fileRowCount) * dimension
            try VectorFile.writeNPY(floats: Array(base[rotation...] + base[..<rotation]), rowCount: fileRowCount,
                                    dimension: dimension, toPath: sandbox.path("round.npy"))
            let child = try QuiverProcess.start(["insert"] + common + ["--vectors", sandbox.path("round.npy"),
                                                                       "--start-id", "\(nextID)"])
            // Round 0 may die before its first ack (a crash during open); later rounds die mid-insert.
            if round > 0 { _ = try await child.waitForLines(1) }
            try await Task.sleep(for: .milliseconds(delays.removeFirst()))
            try await child.killAndDrain()

            let acks = child.lines.map { line in
                (try? JSONParser.parse(line, maxDepth: 64))?.objectValue?["acked_through"]?.asInt
            }
            let expectedAcks = acks.indices.map { min(nextID + ($0 + 1) * batchRowCount, nextID + fileRowCount) - 1 }
            #expect(acks == expectedAcks.map(Optional.some), "round \(round): stdout was \(child.lines)")
            if let last = expectedAcks.last, acks.count == expectedAcks.count { ackedThrough = last }

            // Recover a copy too: recovery from the same bytes must reach the same state.
            let twin = sandbox.path("twin-\(round)")
            try FileManager.default.copyItem(atPath: sandbox.data, toPath: twin)
            let recovered = try await stats(common)
            let twinRecovered = try await stats(["--data", twin, "--collection", "crash"])
            try? FileManager.default.removeItem(atPath: twin)
            for key in ["rows", "last_sequence", "replayed_records", "dropped_wal_bytes", "deleted_rows"] {
                #expect(recovered[key] == twinRecovered[key], "round \(round): \(key) differs between two recoveries")
            }
            let rowCount = try #require(recovered["rows"])
            #expect(rowCount >= ackedThrough + 1, "round \(round): acknowledged rows through \(ackedThrough) lost")
            #expect(rowCount >= nextID, "round \(round): rows of earlier rounds lost")
            #expect(rowCount <= max(ackedThrough + 1, nextID) + batchRowCount, "round \(round): more rows than were sent")
            let recoveredAgain = try await stats(common)
            #expect(recoveredAgain["rows"] == rowCount && recoveredAgain["last_sequence"] == recovered["last_sequence"])

            let sample = Set([0, nextID, ackedThrough, rowCount - 1, rowCount].filter { $0 >= 0 }).sorted()
            let got = try await QuiverProcess.run(["get"] + common + ["--ids", sample.map(String.init).joined(separator: ",")])
            let gotIDs = try got.jsonLines().map { $0["id"]?.asInt }
            #expect(gotIDs == sample.filter { $0 < rowCount }.map(Optional.some), "round \(round)")
            for line in got.stdoutLines {
                let id = try #require(try JSONParser.parse(line, maxDepth: 64).objectValue)["id"]?.asInt
                #expect(floatArray(named: "vector", in: line) == expectedVector(of: id ?? -1, in: base), "round \(round), id \(id ?? -1)")
            }
            let verified = try await QuiverProcess.run(["verify", "--data", sandbox.data])
            #expect(verified.status == 0, "round \(round): \(verified.stdout) \(verified.stderr)")
            nextID = rowCount
        }
        #expect(ackedThrough >= 0, "no round acknowledged anything; the test proved little")
        try await expectEveryRowExactlyOnce(in: sandbox.data, rowCount: nextID, base: base)
    }

    private func stats(_ arguments: [String]) async throws -> [String: Int] {
        let result = try await QuiverProcess.run(["stats"] + arguments)
        try #require(result.status == 0, "stats failed: \(result.stderr)")
        return try #require(try JSONParser.parse(result.stdout, maxDepth: 64).asIntDictionary)
    }

    private func expectedVector(of id: Int, in base: [Float]) -> [Float] {
        let row = id % fileRowCount
        return Array(base[(row * dimension) ..< ((row + 1) * dimension)])
    }

    /// Opens the database in this process (the children are dead) and reads every row.
    private func expectEveryRowExactlyOnce(in data: String, rowCount: Int, base: [Float]) async throws {
        let database = try await Database.open(at: data)
        let collection = try database.collection("crash")
        #expect(collection.count == rowCount)
        let rows = try await collection.get(ids: (0 ..< rowCount).map { PrimaryKey.int(Int64($0)) })
        #expect(rows.count == rowCount)
        var seen = Set<Int64>()
        var mismatchCount = 0
        for row in rows {
            guard case .int(let id)? = row["id"], case .floatVector(let vector)? = row["vector"] else {
                Issue.record("row without an Int64 id and a vector")
                continue
            }
            #expect(seen.insert(id).inserted, "id \(id) appears twice")
            if vector.map(\.bitPattern) != expectedVector(of: Int(id), in: base).map(\.bitPattern) { mismatchCount += 1 }
        }
        #expect(mismatchCount == 0)
        #expect(try await collection.get(ids: [.int(Int64(rowCount))]).isEmpty)
        await database.close()
    }
}
