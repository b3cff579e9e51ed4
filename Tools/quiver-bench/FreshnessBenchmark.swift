// Freshness: how long after an insert is acknowledged it becomes visible to search. Quiver
// applies a write before acknowledging it, so the next call must see it: `visible_on_next_call`
// should be 1.0 and the lag is the duration of one search call.

import ArgumentParser
import Foundation
import Quiver

struct FreshnessBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "freshness", abstract: "Insert-to-visible lag.")

    @Option var count = 20_000
    @Option var dim = 128
    @Option var probes = 200

    func run() async throws {
        let path = Bench.scratchDirectory("freshness")
        defer { Bench.remove(path) }
        let db = try await Database.open(at: path)
        let collection = try await db.createCollection("fresh", schema: .simple(dimension: dim))
        let background = Bench.gaussianVectors(count: count, dimension: dim, seed: 3)
        try await collection.insert(ids: (0..<count).map { .int(Int64($0)) }, flatVectors: background)
        var visible = 0
        var lagSeconds: [Double] = []
        for probe in 0..<probes {
            let vector = Bench.gaussianVectors(count: 1, dimension: dim, seed: 10_000 + UInt64(probe)).map { $0 * 100 }
            let id = PrimaryKey.int(Int64(count + probe))
            try await collection.insert(ids: [id], vectors: [vector])
            let acknowledged = ContinuousClock.now
            let hits = try await collection.search([vector], k: 1)
            let lag = ContinuousClock.now - acknowledged
            lagSeconds.append(Double(lag.components.attoseconds) / 1e18 + Double(lag.components.seconds))
            if hits[0].first?.id == id { visible += 1 }
        }
        await db.close()
        lagSeconds.sort()
        Bench.emit(["benchmark": "freshness", "count": count, "dim": dim, "probes": probes,
                    "visible_on_next_call": Double(visible) / Double(probes),
                    "lag_p50_ms": Bench.round(lagSeconds[probes / 2] * 1000, 3),
                    "lag_p99_ms": Bench.round(lagSeconds[probes * 99 / 100] * 1000, 3)])
    }
}
