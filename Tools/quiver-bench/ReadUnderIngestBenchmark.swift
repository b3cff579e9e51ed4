// Search under ingest: does a search wait for the writer? One collection holds an HNSW-indexed
// segment and a buffer; one client searches it alone for a while, then again while a second
// client writes batches of durable (`.sync`) rows as fast as it can. Prints p50/p99 of both
// phases and the ratio of the p99s (issue 12's target: at most 2).
// The writer upserts the buffer rows' keys over and over (each batch replaces `--batch` of them
// with new vectors), so the live rows a search sees are the same in both phases: the indexed
// segment and `--buffer-rows` scanned exactly. Plain inserts (`--fresh-keys`) would add a fresh
// exact-scanned segment every second and measure data growth rather than waiting. Background
// compaction is off for the same reason (a merge would drop the measured segment's index).

import ArgumentParser
import Foundation
import Quiver

struct ReadUnderIngestBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read-under-ingest", abstract: "Search latency alone and with a durable ingest running.")

    @Option(help: "rows in the HNSW-indexed segment") var rows = 50_000
    @Option(help: "rows left in the buffer (searched exactly)") var bufferRows = 2_000
    @Option var dim = 128
    @Option var k = 10
    @Option(help: "seconds of searching per phase") var seconds = 15
    @Option(help: "rows per ingest batch") var batch = 1_000
    @Flag(help: "insert fresh keys instead of upserting the buffer rows' keys") var freshKeys = false

    func run() async throws {
        guard freshKeys || batch <= bufferRows else {
            throw ValidationError("--batch must not exceed --buffer-rows: a batch upserts distinct buffer keys")
        }
        let path = Bench.scratchDirectory("read-under-ingest")
        defer { Bench.remove(path) }
        var options = DatabaseOptions(durability: .sync, flushInterval: .seconds(1))
        options.compaction.isEnabled = false
        let db = try await Database.open(at: path, options: options)
        let collection = try await db.createCollection("reads", schema: .simple(dimension: dim))
        try await load(collection)

        let queries = (0..<1_000).map { Bench.gaussianVectors(count: 1, dimension: dim, seed: 9_000 + UInt64($0)) }
        _ = try await searchFor(seconds: 2, collection, queries, label: "warm-up")
        let alone = try await searchFor(seconds: seconds, collection, queries, label: "alone")

        let ingest = Task { try await ingestUntilCancelled(collection) }
        let underIngest = try await searchFor(seconds: seconds, collection, queries, label: "with ingest")
        ingest.cancel()
        let (ingestedRows, ingestSeconds) = try await ingest.value
        await db.close()

        let ratio = underIngest.p99 / alone.p99
        Bench.emit([
            "benchmark": "read-under-ingest", "rows": rows, "buffer_rows": bufferRows, "dim": dim, "k": k,
            "seconds": seconds, "batch": batch, "writes": freshKeys ? "insert" : "upsert",
            "alone_searches": alone.count, "alone_p50_ms": Bench.round(alone.p50 * 1000, 3),
            "alone_p99_ms": Bench.round(alone.p99 * 1000, 3),
            "ingest_searches": underIngest.count, "ingest_p50_ms": Bench.round(underIngest.p50 * 1000, 3),
            "ingest_p99_ms": Bench.round(underIngest.p99 * 1000, 3),
            "ingest_max_ms": Bench.round(underIngest.max * 1000, 3),
            "p99_ratio": Bench.round(ratio, 2),
            "ingest_rows_per_s": Int(Double(ingestedRows) / max(ingestSeconds, 1e-9)),
        ])
    }

    /// The indexed segment (inserted, flushed, indexed) and then the buffer rows.
    private func load(_ collection: Collection) async throws {
        let chunk = 10_000
        for start in stride(from: 0, to: rows, by: chunk) {
            let count = min(chunk, rows - start)
            let vectors = Bench.gaussianVectors(count: count, dimension: dim, seed: 1 + UInt64(start))
            try await collection.insert(ids: (start..<(start + count)).map { .int(Int64($0)) }, flatVectors: vectors)
            Bench.progress("loading: \(start + count) of \(rows) rows")
        }
        try await collection.flush()
        _ = try await collection.compact()   // one segment, so one index
        Bench.progress("building the HNSW index of \(rows) rows")
        try await collection.createIndex(spec: IndexSpec(kind: .hnsw, metric: .l2))
        let built = try await collection.buildIndexes()
        let vectors = Bench.gaussianVectors(count: bufferRows, dimension: dim, seed: 77)
        try await collection.insert(ids: (rows..<(rows + bufferRows)).map { .int(Int64($0)) }, flatVectors: vectors)
        Bench.progress("loaded: \(rows) rows in \(built) indexed segment(s), \(bufferRows) in the buffer")
        Bench.progressDone()
    }

    private struct Latencies {
        let count: Int, p50: Double, p99: Double, max: Double
    }

    private func searchFor(seconds: Int, _ collection: Collection, _ queries: [[Float]], label: String) async throws -> Latencies {
        var latencies: [Double] = []
        let start = ContinuousClock.now
        let deadline = start + .seconds(seconds)
        var lastReport = start
        while ContinuousClock.now < deadline {
            let query = queries[latencies.count % queries.count]
            latencies.append(try await Bench.seconds { _ = try await collection.search([query], k: k) })
            if ContinuousClock.now - lastReport > .seconds(1) {
                lastReport = ContinuousClock.now
                Bench.progress("searching \(label): \(latencies.count) searches, \((lastReport - start).components.seconds) s")
            }
        }
        Bench.progressDone()
        latencies.sort()
        return Latencies(count: latencies.count, p50: latencies[latencies.count / 2],
                         p99: latencies[latencies.count * 99 / 100], max: latencies.last!)
    }

    /// Writes batches until cancelled; returns the rows written and the seconds it ran.
    private func ingestUntilCancelled(_ collection: Collection) async throws -> (Int, Double) {
        let vectors = Bench.gaussianVectors(count: batch, dimension: dim, seed: 4_242)
        var written = 0
        let seconds = try await Bench.seconds {
            while !Task.isCancelled {
                if freshKeys {
                    try await collection.insert(ids: (written..<(written + batch)).map { .int(Int64(rows + bufferRows + $0)) },
                                                flatVectors: vectors)
                } else {
                    let batchRows = (0..<batch).map { index -> Row in
                        let key = rows + (written + index) % max(bufferRows, 1)
                        return ["id": .int(Int64(key)), "vector": .floatVector(Array(vectors[(index * dim)..<((index + 1) * dim)]))]
                    }
                    try await collection.upsert(batchRows)
                }
                written += batch
            }
        }
        return (written, seconds)
    }
}
