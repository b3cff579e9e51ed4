// HNSWTestFixture: the HNSW indexes the HNSW tests share, built once per metric (a 20k x 32
// clustered set, 5k in debug builds, M 16, efConstruction 200, seed 42) with their queries and brute-force truth,
// so the suites stay fast in debug builds.
// Invariants: immutable once built (static lets initialise once, thread-safely).
// Ownership: test-only.

import QuiverKernels
import QuiverTestOracle
@testable import QuiverIndex

struct HNSWTestFixture: Sendable {
    static let dimension = 32
    #if DEBUG
    /// Unoptimised SIMD kernels make a 20k build take about a minute per metric in debug builds;
    /// the same assertions run on 5k rows there and on 20k in release (`swift test -c release -Xswiftc -enable-testing`).
    static let rowCount = 5_000
    #else
    static let rowCount = 20_000
    #endif
    static let queryCount = 100
    static let spec = ["M": 16, "efConstruction": 200]

    let metric: Metric
    let base: [Float]
    let queries: [Float]
    let index: HNSWIndex
    /// Exact top-10 rows per query.
    let truth: [[Int]]

    static let l2 = HNSWTestFixture(metric: .l2)
    static let innerProduct = HNSWTestFixture(metric: .innerProduct)
    static let cosine = HNSWTestFixture(metric: .cosine)

    static func forMetric(_ metric: Metric) -> HNSWTestFixture {
        switch metric {
        case .l2: return l2
        case .innerProduct: return innerProduct
        default: return cosine
        }
    }

    init(metric: Metric) {
        self.metric = metric
        let all = IndexTestData.clustered(count: Self.rowCount + Self.queryCount, dimension: Self.dimension,
                                          clusters: 64, seed: 2024)
        (base, queries) = IndexTestData.split(all, dimension: Self.dimension, firstCount: Self.rowCount)
        index = base.withUnsafeBufferPointer {
            HNSWIndex.build(spec: IndexSpec(kind: .hnsw, metric: metric, parameters: Self.spec), vectors: $0,
                            dimension: Self.dimension)
        }
        truth = BruteForceOracle.topRows(queries: queries, base: base, dimension: Self.dimension, metric: metric, k: 10)
    }

    func query(_ i: Int) -> ArraySlice<Float> {
        queries[(i * Self.dimension)..<((i + 1) * Self.dimension)]
    }

    /// Top-k hits of every query against `index` (this fixture's by default).
    func searchAll(_ index: HNSWIndex? = nil, k: Int = 10, ef: Int? = 64, allowed: Bitset? = nil) -> [[IndexHit]] {
        let index = index ?? self.index
        return (0..<Self.queryCount).map { i in
            query(i).withUnsafeBufferPointer {
                index.search($0, k: k, parameters: IndexSearchParameters(ef: ef), allowed: allowed)
            }
        }
    }
}
