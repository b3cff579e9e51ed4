// HNSWFilterAndRangeTests: filtered search never returns a disallowed row and keeps
// recall@10 >= 0.9 against an oracle restricted to the allowed rows, whichever way it runs
// (filtered graph walk or exact scan of the allowed rows); range search returns exactly the
// oracle's in-range set when ef covers the set, stays close on the graph path, and respects
// `limit` and `rangeFilter`.

import QuiverTestOracle
import Testing
import QuiverKernels
@testable import QuiverIndex

struct HNSWFilterAndRangeTests {
    @Test(arguments: [0.5, 0.1, 0.02, 0.005])
    func filteredSearchKeepsRecallAndNeverLeaks(fraction: Double) {
        let fixture = HNSWTestFixture.l2
        let allowed = IndexTestData.randomAllowed(count: fixture.index.count, fraction: fraction, seed: 77)
        let truth = BruteForceOracle.topRows(queries: fixture.queries, base: fixture.base, dimension: HNSWTestFixture.dimension,
                                             metric: .l2, k: 10, allowed: allowed)
        for strategy in [HNSWIndex.FilterStrategy.automatic, .graph, .exact] {
            let hits = (0..<HNSWTestFixture.queryCount).map { i in
                fixture.query(i).withUnsafeBufferPointer {
                    fixture.index.searchNodes($0, k: 10, ef: 64, allowed: allowed, strategy: strategy).map(fixture.index.hit)
                }
            }
            #expect(hits.allSatisfy { $0.allSatisfy { allowed[$0.row] } }, "\(strategy) returned a disallowed row")
            let recall = Recall.at(10, of: hits.map { $0.map(\.row) }, truth: truth)
            #expect(recall >= 0.9, "recall@10 \(recall) with \(fraction) allowed, \(strategy)")
            if strategy == .exact { #expect(recall == 1.0) }
        }
        // The public entry point agrees with the automatic strategy.
        let publicHits = fixture.searchAll(allowed: allowed)
        #expect(publicHits.allSatisfy { $0.allSatisfy { allowed[$0.row] } })
    }

    @Test func nothingAllowedReturnsNothing() {
        let fixture = HNSWTestFixture.l2
        let none = Bitset(count: fixture.index.count)
        let hits = fixture.searchAll(allowed: none)
        #expect(hits.allSatisfy { $0.isEmpty })
    }

    static let smallDimension = 16
    static let small: (base: [Float], queries: [Float], index: HNSWIndex) = {
        let all = IndexTestData.clustered(count: 2_000 + 20, dimension: smallDimension, clusters: 8, seed: 31)
        let (base, queries) = IndexTestData.split(all, dimension: smallDimension, firstCount: 2_000)
        let index = base.withUnsafeBufferPointer {
            HNSWIndex.build(spec: IndexSpec(kind: .hnsw, metric: .l2, parameters: ["M": 16, "efConstruction": 100]),
                            vectors: $0, dimension: smallDimension)
        }
        return (base, queries, index)
    }()

    /// Radius/rangeFilter halfway between neighbouring exact scores, so no row sits on a bound.
    static func window(_ scores: [Double], outer: Int, inner: Int?) -> (radius: Float, rangeFilter: Float?) {
        let sorted = scores.sorted()
        let radius = Float((sorted[outer - 1] + sorted[outer]) / 2)
        return (radius, inner.map { Float((sorted[$0 - 1] + sorted[$0]) / 2) })
    }

    @Test func rangeSearchWithFullEFIsExact() {
        let (base, queries, index) = Self.small
        let d = Self.smallDimension
        for i in 0..<queries.count / d {
            let query = queries[(i * d)..<((i + 1) * d)]
            let scores = BruteForceOracle.exactScores(query: query, base: base, dimension: d, metric: .l2)
            let (radius, rangeFilter) = Self.window(scores, outer: 80, inner: i % 2 == 0 ? nil : 10)
            let expected = Set(scores.indices.filter { scores[$0] < Double(radius) && scores[$0] >= Double(rangeFilter ?? -1) })
            let hits = query.withUnsafeBufferPointer {
                index.rangeSearch($0, radius: radius, rangeFilter: rangeFilter, limit: 10_000,
                                  parameters: IndexSearchParameters(ef: 2_000), allowed: nil)
            }
            #expect(Set(hits.map(\.row)) == expected)
            #expect(hits.count == expected.count)
            #expect(hits.map(\.score) == hits.map(\.score).sorted())
            let limited = query.withUnsafeBufferPointer {
                index.rangeSearch($0, radius: radius, rangeFilter: rangeFilter, limit: 7,
                                  parameters: IndexSearchParameters(ef: 2_000), allowed: nil)
            }
            #expect(limited == Array(hits.prefix(7)))
        }
    }

    @Test func rangeSearchOnTheGraphFindsNearlyTheWholeWindow() {
        let (base, queries, index) = Self.small
        let d = Self.smallDimension
        var found = 0, expectedTotal = 0
        for i in 0..<queries.count / d {
            let query = queries[(i * d)..<((i + 1) * d)]
            let scores = BruteForceOracle.exactScores(query: query, base: base, dimension: d, metric: .l2)
            let (radius, _) = Self.window(scores, outer: 150, inner: nil)
            let expected = Set(scores.indices.filter { scores[$0] < Double(radius) })
            let hits = query.withUnsafeBufferPointer {
                index.rangeSearch($0, radius: radius, rangeFilter: nil, limit: 10_000, parameters: IndexSearchParameters(), allowed: nil)
            }
            #expect(hits.allSatisfy { $0.score < radius })
            found += Set(hits.map(\.row)).intersection(expected).count
            expectedTotal += expected.count
        }
        #expect(Double(found) / Double(expectedTotal) >= 0.95)
    }

    @Test func innerProductRangeUsesTheLargerIsCloserWindow() {
        let fixture = HNSWTestFixture.innerProduct
        let query = fixture.query(0)
        let scores = BruteForceOracle.exactScores(query: query, base: fixture.base, dimension: HNSWTestFixture.dimension, metric: .innerProduct)
        let descending = scores.sorted(by: >)
        let radius = Float((descending[40] + descending[41]) / 2)         // 41 rows score above it
        let rangeFilter = Float((descending[4] + descending[5]) / 2)      // the best 5 are excluded
        let expected = Set(scores.indices.filter { scores[$0] > Double(radius) && scores[$0] <= Double(rangeFilter) })
        let allowed = Bitset(repeating: true, count: fixture.index.count)
        let hits = query.withUnsafeBufferPointer {
            fixture.index.rangeSearch($0, radius: radius, rangeFilter: rangeFilter, limit: 1_000,
                                      parameters: IndexSearchParameters(ef: 128), allowed: allowed)
        }
        #expect(hits.allSatisfy { $0.score > radius && $0.score <= rangeFilter })
        #expect(Double(Set(hits.map(\.row)).intersection(expected).count) >= 0.9 * Double(expected.count))
        #expect(hits.map(\.score) == hits.map(\.score).sorted(by: >))
    }
}
