// Durable ingest rate: batches of vectors inserted one call at a time, each acknowledged only
// after its WAL record is fsynced (`.sync`), with the one-second flush running as it would.

import ArgumentParser
import Foundation
import Quiver

struct IngestBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ingest", abstract: "Durable insert throughput.")

    @Option var count = 200_000
    @Option var dim = 128
    @Option var batch = 1000
    @Option(help: "sync or async") var durability = "sync"
    @Option(help: "concurrent writer tasks") var writers = 1
    @Option var data: String?

    func run() async throws {
        let path = data ?? Bench.scratchDirectory("ingest")
        defer { if data == nil { Bench.remove(path) } }
        var options = DatabaseOptions(durability: durability == "async" ? .async : .sync)
        options.flushInterval = .seconds(1)
        let db = try await Database.open(at: path, options: options)
        let collection = try await db.createCollection("ingest", schema: .simple(dimension: dim))
        let vectors = Bench.gaussianVectors(count: count, dimension: dim, seed: 1)
        let batchCount = (count + batch - 1) / batch
        let dim = self.dim, batch = self.batch, writers = self.writers, count = self.count
        let seconds = try await Bench.seconds {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<writers {
                    group.addTask {
                        for index in stride(from: writer, to: batchCount, by: writers) {
                            let start = index * batch, end = min(start + batch, count)
                            let ids = (start..<end).map { PrimaryKey.int(Int64($0)) }
                            try await collection.insert(ids: ids, flatVectors: Array(vectors[(start * dim)..<(end * dim)]))
                            if writer == 0, index % 20 == 0 { Bench.progress("ingest: \(end)/\(count)") }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        Bench.progressDone()
        let stats = await collection.statistics()
        await db.close()
        Bench.emit(["benchmark": "ingest", "count": count, "dim": dim, "batch": batch, "writers": writers,
                    "durability": durability, "seconds": Bench.round(seconds, 3),
                    "vectors_per_s": Int(Double(count) / seconds),
                    "mb_per_s": Bench.round(Double(count * dim * 4) / seconds / 1e6, 1),
                    "segments_at_end": stats.segmentCount])
    }
}
