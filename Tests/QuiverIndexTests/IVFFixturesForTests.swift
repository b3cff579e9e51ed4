// IVFFixtures: the shared data of the IVF tests, built once per test process: 10,000 clustered
// rows of dimension 32 (60 queries drawn from the same distribution) and their exact top-10
// per metric, plus small helpers to build an index and run all queries through it.
// Invariants: everything is seeded, so every run sees the same data and the same truths.
// Ownership: test-only; static lets are initialised once and thread-safe, so parallel tests share them.

import QuiverIndex
import QuiverTestOracle
import QuiverKernels

enum IVFFixtures {
    static let dimension = 32
    static let baseCount = 10_000
    static let queryCount = 60
    static let k = 10

    static let data: (base: [Float], queries: [Float]) = {
        let all = IndexTestData.clustered(count: baseCount + queryCount, dimension: dimension, clusters: 400, seed: 7)
        let (base, queries) = IndexTestData.split(all, dimension: dimension, firstCount: baseCount)
        return (base, queries)
    }()

    static let truthL2 = BruteForceOracle.topRows(queries: data.queries, base: data.base, dimension: dimension, metric: .l2, k: k)
    static let truthIP = BruteForceOracle.topRows(queries: data.queries, base: data.base, dimension: dimension,
                                                  metric: .innerProduct, k: k)
    static let truthCosine = BruteForceOracle.topRows(queries: data.queries, base: data.base, dimension: dimension,
                                                      metric: .cosine, k: k)

    static func truth(_ metric: Metric) -> [[Int]] {
        switch metric {
        case .l2: return truthL2
        case .innerProduct: return truthIP
        default: return truthCosine
        }
    }

    static func build(_ kind: IndexKind, _ metric: Metric, _ parameters: [String: Int] = ["nlist": 64],
                      base: [Float] = data.base, seed: UInt64 = 42) throws -> IVFIndex {
        try base.withUnsafeBufferPointer {
            try IVFIndex.build(spec: IndexSpec(kind: kind, metric: metric, parameters: parameters), vectors: $0,
                               dimension: dimension, seed: seed)
        }
    }

    /// Every query's hits, in query order.
    static func searchAll(_ index: any FloatVectorIndex, nprobe: Int, k: Int = k, allowed: Bitset? = nil) -> [[IndexHit]] {
        data.queries.withUnsafeBufferPointer { queries in
            (0..<queryCount).map { q in
                index.search(UnsafeBufferPointer(rebasing: queries[(q * dimension)..<((q + 1) * dimension)]), k: k,
                             parameters: IndexSearchParameters(nprobe: nprobe), allowed: allowed)
            }
        }
    }

    static func rows(_ hits: [[IndexHit]]) -> [[Int]] { hits.map { $0.map(\.row) } }

    static func recall(_ index: any FloatVectorIndex, _ metric: Metric, nprobe: Int) -> Double {
        Recall.at(k, of: rows(searchAll(index, nprobe: nprobe)), truth: truth(metric))
    }
}
