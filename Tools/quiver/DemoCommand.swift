// quiver demo: a short end-to-end tour for `make run`, in human-readable text: (re)creates the
// collection "demo" (dim 8, L2), inserts 1,000 seeded random vectors, searches three queries,
// deletes a few ids, searches again and prints the counters. Running it twice on one directory
// gives the same output (the collection is dropped and recreated each time).

import ArgumentParser
import Quiver
import QuiverKernels

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Run a short end-to-end demo.")

    static let collectionName = "demo", dimension = 8, rowCount = 1000, seed: UInt64 = 2024

    @Option(help: "The data directory of the database.")
    var data = "./quiver-data"

    func run() async throws {
        Output.line("Quiver demo, data directory \(data)")
        try await withDatabase(at: data) { database in
            if try database.hasCollection(Self.collectionName) {
                try await database.dropCollection(Self.collectionName)
                Output.line("- dropped the collection '\(Self.collectionName)' of an earlier run")
            }
            let collection = try await database.createCollection(
                Self.collectionName, schema: .simple(dimension: Self.dimension, metric: .l2))
            Output.line("- created collection '\(Self.collectionName)': int64 ids, \(Self.dimension)-dimensional float vectors, metric L2")

            var random = SplitMix64(seed: Self.seed)
            let vectors = (0 ..< Self.rowCount).map { _ in
                (0 ..< Self.dimension).map { _ in Float.random(in: -1 ... 1, using: &random) }
            }
            let ids = (0 ..< Self.rowCount).map { PrimaryKey.int(Int64($0)) }
            try await collection.insert(ids: ids, vectors: vectors)
            Output.line("- inserted \(Self.rowCount) random vectors with ids 0...\(Self.rowCount - 1) (seed \(Self.seed))")

            // Queries: stored vectors nudged a little, so each should find its source first.
            let sources = [42, 500, 999]
            let queries = sources.map { id in vectors[id].map { $0 + Float.random(in: -0.01 ... 0.01, using: &random) } }
            try await printSearch(collection, queries: queries, sources: sources)

            let doomed: [PrimaryKey] = [42, 43, 44, 500]
            let deletedCount = try await collection.delete(ids: doomed)
            Output.line("- deleted \(deletedCount) rows (ids \(doomed.map(\.description).joined(separator: ", "))); searching again:")
            try await printSearch(collection, queries: queries, sources: sources)

            let stats = await collection.statistics()
            Output.line("- stats: \(stats.rowCount) rows, \(stats.segmentCount) segments, \(stats.bufferRowCount) rows in the buffer, \(stats.deletedRowCount) deleted rows awaiting compaction, WAL \(stats.walByteCount) bytes, last sequence \(stats.lastSequence)")
        }
        Output.line("Done. Try: quiver stats --data \(data) --collection \(Self.collectionName)")
    }

    private func printSearch(_ collection: Quiver.Collection, queries: [[Float]], sources: [Int]) async throws {
        let results = try await collection.search(queries, k: 3)
        Output.line("  top 3 for each query (squared L2 distance):")
        for (index, hits) in results.enumerated() {
            let ranked = hits.map { "id \($0.id) at \(String(format3: $0.distance))" }.joined(separator: ", ")
            Output.line("  query near id \(sources[index]): \(ranked)")
        }
    }
}

extension String {
    /// A distance with three decimals, without Foundation's format strings.
    init(format3 value: Float) {
        let scaled = Int((Double(value) * 1000).rounded())
        let fraction = String(abs(scaled) % 1000)
        self = "\(scaled < 0 ? "-" : "")\(abs(scaled) / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}
