// Reopen time: (1) a database left with one second of acknowledged, unflushed writes in its WAL
// (abandoned as a killed process would leave it), and (2) one with 100 segments.

import ArgumentParser
import Foundation
import Quiver

struct ReopenBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reopen", abstract: "Open time after a crash and with many segments.")

    @Option var dim = 128
    @Option var batch = 1000
    @Option var segments = 100
    @Option(help: "rows per segment") var segmentRows = 2000

    func run() async throws {
        // 1. One second of WAL.
        let walPath = Bench.scratchDirectory("reopen-wal")
        defer { Bench.remove(walPath) }
        var options = DatabaseOptions(durability: .sync, flushInterval: .seconds(3600))
        var db = try await Database.open(at: walPath, options: options)
        var collection = try await db.createCollection("wal", schema: .simple(dimension: dim))
        let vectors = Bench.gaussianVectors(count: batch, dimension: dim, seed: 4)
        var inserted = 0
        let deadline = ContinuousClock.now + .seconds(1)
        while ContinuousClock.now < deadline {
            try await collection.insert(ids: (inserted..<(inserted + batch)).map { .int(Int64($0)) }, flatVectors: vectors)
            inserted += batch
        }
        await db.abandon()
        var replayed = 0
        let walOpen = try await Bench.seconds {
            db = try await Database.open(at: walPath, options: options)
            replayed = await try db.collection("wal").statistics().replayedRecordCount
        }
        let recovered = try db.collection("wal").count
        await db.close()
        Bench.emit(["benchmark": "reopen_wal", "dim": dim, "rows_in_wal": inserted, "rows_recovered": recovered,
                    "records_replayed": replayed, "open_ms": Bench.round(walOpen * 1000, 1)])

        // 2. Many segments.
        let segmentPath = Bench.scratchDirectory("reopen-segments")
        defer { Bench.remove(segmentPath) }
        options = DatabaseOptions(durability: .async, flushInterval: .seconds(3600))
        options.compaction.isEnabled = false   // keep every flushed segment
        db = try await Database.open(at: segmentPath, options: options)
        collection = try await db.createCollection("segments", schema: .simple(dimension: dim))
        let segmentVectors = Bench.gaussianVectors(count: segmentRows, dimension: dim, seed: 5)
        for segment in 0..<segments {
            let first = segment * segmentRows
            try await collection.insert(ids: (first..<(first + segmentRows)).map { .int(Int64($0)) }, flatVectors: segmentVectors)
            try await collection.flush()
            Bench.progress("segments: \(segment + 1)/\(segments)")
        }
        Bench.progressDone()
        await db.close()
        var segmentCount = 0
        let segmentOpen = try await Bench.seconds {
            db = try await Database.open(at: segmentPath, options: options)
            segmentCount = await try db.collection("segments").statistics().segmentCount
        }
        await db.close()
        Bench.emit(["benchmark": "reopen_segments", "dim": dim, "segments": segmentCount, "rows": segments * segmentRows,
                    "open_ms": Bench.round(segmentOpen * 1000, 1)])
    }
}
