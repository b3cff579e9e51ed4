// Compaction under ingest: the same timed ingest twice, background compaction on and off;
// reports the ingest rate, the segment count and search latency at the end, and (with
// compaction on) what a final compact() rewrote per second.

import ArgumentParser
import Foundation
import Quiver

struct CompactionBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "compaction", abstract: "Ingest with compaction on and off.")

    @Option(help: "seconds of ingest per run") var seconds = 60
    @Option var dim = 128
    @Option var batch = 1000
    @Option(help: "pause between batches, milliseconds (0: as fast as possible)") var pauseMs = 0
    @Option var queries = 50
    @Option var k = 10

    func run() async throws {
        for enabled in [false, true] {
            try await measure(compaction: enabled)
        }
    }

    private func measure(compaction enabled: Bool) async throws {
        let path = Bench.scratchDirectory("compaction")
        defer { Bench.remove(path) }
        var options = DatabaseOptions(durability: .sync, flushInterval: .seconds(1))
        options.compaction.isEnabled = enabled
        let db = try await Database.open(at: path, options: options)
        let collection = try await db.createCollection("ingest", schema: .simple(dimension: dim))
        let vectors = Bench.gaussianVectors(count: batch, dimension: dim, seed: 6)
        var inserted = 0
        let start = ContinuousClock.now
        let deadline = start + .seconds(seconds)
        while ContinuousClock.now < deadline {
            try await collection.insert(ids: (inserted..<(inserted + batch)).map { .int(Int64($0)) }, flatVectors: vectors)
            inserted += batch
            if pauseMs > 0 { try await Task.sleep(for: .milliseconds(pauseMs)) }
            if inserted % (batch * 50) == 0 {
                let elapsed = (ContinuousClock.now - start).components.seconds
                Bench.progress("compaction \(enabled ? "on" : "off"): \(inserted) rows, \(elapsed) s")
            }
        }
        let ingestSeconds = Double((ContinuousClock.now - start).components.seconds)
            + Double((ContinuousClock.now - start).components.attoseconds) / 1e18
        Bench.progressDone()
        let stats = await collection.statistics()
        let queryVectors = (0..<queries).map { Bench.gaussianVectors(count: 1, dimension: dim, seed: 500 + UInt64($0)) }
        var latencies: [Double] = []
        for query in queryVectors {
            latencies.append(try await Bench.seconds { _ = try await collection.search([query], k: k) })
        }
        latencies.sort()
        var fields: [String: Any] = [
            "benchmark": "compaction", "compaction": enabled, "seconds": seconds, "dim": dim, "batch": batch,
            "rows": inserted, "ingest_vectors_per_s": Int(Double(inserted) / ingestSeconds),
            "segments_at_end": stats.segmentCount,
            "search_p50_ms": Bench.round(latencies[queries / 2] * 1000, 2),
            "search_p99_ms": Bench.round(latencies[queries * 99 / 100] * 1000, 2),
        ]
        if enabled {
            let status = await collection.compactionStatus()
            let final = try await collection.compact()
            let rewritten = Double(final.bytesWritten) / 1e6
            fields["final_compact_mb"] = Bench.round(rewritten, 1)
            fields["final_compact_mb_per_s"] = final.seconds > 0 ? Bench.round(rewritten / final.seconds, 1) : 0
            fields["last_background_merge_inputs"] = status.lastResult?.inputSegmentCount ?? 0
        }
        await db.close()
        Bench.emit(fields)
    }
}
