// Exact-search throughput: vectors scanned per second by one query at a time (the SIMD scan)
// and by a batch of queries in one call (the cblas_sgemm path), next to this machine's memory
// read bandwidth measured the same way (a SIMD sum over a buffer larger than the caches).

import ArgumentParser
import Foundation
import Quiver

struct ScanBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scan", abstract: "Exact search throughput vs memory bandwidth.")

    @Option var count = 200_000
    @Option var dim = 128
    @Option var queries = 100
    @Option var k = 10

    func run() async throws {
        let path = Bench.scratchDirectory("scan")
        defer { Bench.remove(path) }
        let db = try await Database.open(at: path, options: DatabaseOptions(durability: .async, flushInterval: .seconds(3600)))
        let collection = try await db.createCollection("scan", schema: .simple(dimension: dim))
        let vectors = Bench.gaussianVectors(count: count, dimension: dim, seed: 2)
        for start in stride(from: 0, to: count, by: 10_000) {
            let end = min(start + 10_000, count)
            try await collection.insert(ids: (start..<end).map { .int(Int64($0)) }, flatVectors: Array(vectors[(start * dim)..<(end * dim)]))
            Bench.progress("load: \(end)/\(count)")
        }
        try await collection.flush()
        Bench.progressDone()
        let queryVectors = (0..<queries).map { q in Array(Bench.gaussianVectors(count: 1, dimension: dim, seed: 100 + UInt64(q))) }

        _ = try await collection.search([queryVectors[0]], k: k)   // warm-up
        let single = try await Bench.seconds {
            for query in queryVectors { _ = try await collection.search([query], k: k) }
        }
        let batched = try await Bench.seconds { _ = try await collection.search(queryVectors, k: k) }
        let bandwidth = Self.memoryReadBandwidth()
        await db.close()

        let scannedPerSecond = Double(count * queries) / single
        let gbPerSecond = scannedPerSecond * Double(dim * 4) / 1e9
        Bench.emit(["benchmark": "scan", "count": count, "dim": dim, "queries": queries, "k": k,
                    "single_qps": Bench.round(Double(queries) / single, 1),
                    "single_vectors_per_s": Int(scannedPerSecond),
                    "single_gb_per_s": Bench.round(gbPerSecond),
                    "batched_qps": Bench.round(Double(queries) / batched, 1),
                    "batched_vectors_per_s": Int(Double(count * queries) / batched),
                    "memory_read_gb_per_s": Bench.round(bandwidth),
                    "fraction_of_bandwidth": Bench.round(gbPerSecond / bandwidth, 2)])
    }

    /// Bytes per second one core reads from a 512 MiB buffer with SIMD16 adds (best of 3).
    static func memoryReadBandwidth() -> Double {
        let floatCount = 128 << 20
        let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: floatCount)
        defer { buffer.deallocate() }
        buffer.initialize(repeating: 1)
        var best = 0.0
        var sink: Float = 0
        for _ in 0..<3 {
            let start = ContinuousClock.now
            var accumulator = SIMD16<Float>()
            let raw = UnsafeRawPointer(buffer.baseAddress!)
            for i in stride(from: 0, to: floatCount, by: 16) {
                accumulator += raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            }
            sink += accumulator.sum()
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            best = max(best, Double(floatCount * 4) / seconds / 1e9)
        }
        if sink == -1 { print(sink) }
        return best
    }
}
