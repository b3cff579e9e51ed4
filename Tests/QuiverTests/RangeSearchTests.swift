// Range search (radius / range_filter) on exact stores and on every float index kind: the hits
// are exactly the oracle's rows inside the window, best first, at most k.

import Quiver
import QuiverFileSystem
import QuiverTestSupport
import Testing

@Suite struct RangeSearchTests {
    static let dimension = 16

    @Test(arguments: [IndexKind.flat, .hnsw, .ivfFlat, .ivfSQ8])
    func rangeSearchReturnsExactlyTheWindow(kind: IndexKind) async throws {
        for metric in [Metric.l2, .innerProduct] {
            var options = DatabaseOptions(durability: .async, flushInterval: .seconds(3600))
            options.compaction.isEnabled = false
            options.indexBuildThresholdRows = 500
            let db = try await Database.open(at: "/db", options: options, fileSystem: MemoryFileSystem())
            let docs = try await db.createCollection("docs", schema: .simple(dimension: Self.dimension, metric: metric))
            let vectors = ClusteredDataGenerator(clusterCount: 6).generate(count: 1500, dimension: Self.dimension, seed: 5)
            try await docs.insert(ids: (0..<1000).map { .int(Int64($0)) }, vectors: Array(vectors[0..<1000]))
            try await docs.flush()
            try await docs.insert(ids: (1000..<1500).map { .int(Int64($0)) }, vectors: Array(vectors[1000..<1500]))
            let parameters: [String: Int] = kind == .hnsw ? ["M": 16, "efConstruction": 100] : kind == .flat ? [:] : ["nlist": 8]
            try await docs.createIndex(spec: IndexSpec(kind: kind, metric: metric, parameters: parameters))
            try await docs.buildIndexes()

            let query = vectors[7]
            let all = BruteForceOracle.search([query], in: vectors, ids: Array(0..<1500), k: 1500, metric: metric)[0]
            // A window holding roughly the 40th to the 140th nearest rows.
            let (near, far) = (all[40].distance, all[140].distance)
            let radius = far, rangeFilter = near
            let inside = all.filter { metric.largerIsCloser ? ($0.distance > radius && $0.distance <= rangeFilter)
                                                            : ($0.distance < radius && $0.distance >= rangeFilter) }
            let hits = try await docs.search([query], k: 500, ef: 1500, nprobe: 8, radius: radius, rangeFilter: rangeFilter)[0]
            let found = Set(hits.compactMap { $0.id.intValue.map(Int.init) })
            let expected = Set(inside.map(\.id))
            if kind == .ivfSQ8 {
                // Approximate scores move rows across the window's edges: most must agree.
                #expect(Double(found.intersection(expected).count) >= 0.8 * Double(expected.count), "\(kind) \(metric)")
            } else {
                #expect(found == expected, "\(kind) \(metric): \(found.symmetricDifference(expected).count) rows differ")
            }
            let limited = try await docs.search([query], k: 10, ef: 1500, nprobe: 8, radius: radius, rangeFilter: rangeFilter)[0]
            #expect(limited.count == 10)
            await #expect(throws: QuiverError.self) {
                _ = try await docs.search([query], k: 10, radius: near, rangeFilter: far)   // inverted window
            }
            await db.close()
        }
    }
}
