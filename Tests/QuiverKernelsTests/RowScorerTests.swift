// Tests that the row scorers (block and single row) and the BLAS batch path agree with the
// single-pair kernels.

import QuiverKernels
import Testing

private func singleScore(_ metric: Metric, _ a: [Float], _ b: [Float]) -> Float {
    switch metric {
    case .l2: return Distance.l2Squared(a, b)
    case .innerProduct: return Distance.innerProduct(a, b)
    case .cosine: return Distance.cosineSimilarity(a, b)
    case .hamming, .jaccard: fatalError("float metrics only")
    }
}

private func rows(_ base: [Float], _ dimension: Int) -> [[Float]] {
    stride(from: 0, to: base.count, by: dimension).map { Array(base[$0..<$0 + dimension]) }
}

/// Block scores, after checking that every single-row score is the same to the bit.
private func scan(_ metric: Metric, _ query: [Float], _ base: [Float], _ dimension: Int, norms: [Float]?) -> [Float] {
    var scores = [Float](repeating: .nan, count: base.count / dimension)
    query.withUnsafeBufferPointer { q in
        base.withUnsafeBufferPointer { b in
            (norms ?? []).withUnsafeBufferPointer { n in
                scores.withUnsafeMutableBufferPointer { out in
                    let scorer = FloatRowScorer(metric: metric, query: q, rows: b, dimension: dimension,
                                                rowNorms: norms == nil ? nil : n)
                    scorer.scoreRows(startingAt: 0, into: out)
                    for row in 0..<out.count { #expect(scorer.scoreRow(row) == out[row]) }
                }
            }
        }
    }
    return scores
}

private let floatMetrics: [Metric] = [.l2, .innerProduct, .cosine]

@Test(arguments: floatMetrics, testDimensions)
func floatScanMatchesSingleKernels(metric: Metric, dimension: Int) {
    var rng = SeededRandom(seed: 7 &* UInt64(dimension))
    let rowCount = 13
    let query = rng.floats(dimension), base = rng.floats(rowCount * dimension)
    let expected = rows(base, dimension).map { singleScore(metric, query, $0) }
    let norms = rows(base, dimension).map { Distance.normSquared($0).squareRoot() }
    for (got, want) in zip(scan(metric, query, base, dimension, norms: nil), expected) {
        #expect(isClose(got, Double(want)))
    }
    for (got, want) in zip(scan(metric, query, base, dimension, norms: norms), expected) {
        #expect(isClose(got, Double(want)))
    }
}

@Test func cosineScanScoresZeroRowsAsZero() {
    let query: [Float] = [1, 2, 3]
    let base: [Float] = [0, 0, 0, 1, 2, 3]
    #expect(scan(.cosine, query, base, 3, norms: nil)[0] == 0)
    #expect(scan(.cosine, query, base, 3, norms: [0, Distance.normSquared(query).squareRoot()])[0] == 0)
    #expect(scan(.cosine, [0, 0, 0], base, 3, norms: nil) == [0, 0])
}

@Test(arguments: [Metric.hamming, .jaccard], [1, 3, 8, 17, 128])
func binaryScanMatchesSingleKernels(metric: Metric, bytesPerRow: Int) {
    var rng = SeededRandom(seed: 99 &+ UInt64(bytesPerRow))
    let rowCount = 11
    let query = rng.bytes(bytesPerRow), base = rng.bytes(rowCount * bytesPerRow)
    var scores = [Float](repeating: .nan, count: rowCount)
    query.withUnsafeBufferPointer { q in
        base.withUnsafeBufferPointer { b in
            scores.withUnsafeMutableBufferPointer { out in
                let scorer = BinaryRowScorer(metric: metric, query: q, rows: b, bytesPerRow: bytesPerRow)
                // Two blocks, so a block that starts past row 0 is covered too.
                scorer.scoreRows(startingAt: 0, into: UnsafeMutableBufferPointer(rebasing: out[0..<4]))
                scorer.scoreRows(startingAt: 4, into: UnsafeMutableBufferPointer(rebasing: out[4...]))
                for row in 0..<rowCount { #expect(scorer.scoreRow(row) == out[row]) }
            }
        }
    }
    for row in 0..<rowCount {
        let other = Array(base[row * bytesPerRow..<(row + 1) * bytesPerRow])
        let want = metric == .hamming ? Distance.hamming(query, other) : Distance.jaccardDistance(query, other)
        #expect(scores[row] == want)
    }
}

@Test(arguments: floatMetrics, testDimensions)
func batchDistancesMatchSingleKernels(metric: Metric, dimension: Int) {
    var rng = SeededRandom(seed: 31 &+ UInt64(dimension))
    let queryCount = 5, baseCount = 9
    var queries = rng.floats(queryCount * dimension)
    let base = rng.floats(baseCount * dimension)
    // One query equal to a base row: L2 must clamp to >= 0, not go slightly negative.
    for i in 0..<dimension { queries[i] = base[i] }
    let baseNormsSquared = rows(base, dimension).map { Distance.normSquared($0) }
    for givenNorms in [false, true] {
        var scores = [Float](repeating: .nan, count: queryCount * baseCount)
        queries.withUnsafeBufferPointer { q in
            base.withUnsafeBufferPointer { b in
                baseNormsSquared.withUnsafeBufferPointer { n in
                    scores.withUnsafeMutableBufferPointer { out in
                        BatchDistances.scoreFloatRows(metric: metric, queries: q, queryCount: queryCount,
                                                      base: b, baseCount: baseCount, dimension: dimension,
                                                      baseNormsSquared: givenNorms ? n : nil, into: out)
                    }
                }
            }
        }
        let queryRows = rows(queries, dimension), baseRows = rows(base, dimension)
        for qi in 0..<queryCount {
            for bi in 0..<baseCount {
                let want = singleScore(metric, queryRows[qi], baseRows[bi])
                let got = scores[qi * baseCount + bi]
                // L2 via |q|^2 - 2q.x + |x|^2 loses absolute precision ~ eps * norms; compare at that scale.
                let scale = metric == .l2 ? Double(Distance.normSquared(queryRows[qi]) + baseNormsSquared[bi]) : 1
                #expect(abs(Double(got) - Double(want)) <= 1e-4 * max(scale, abs(Double(want)), 1))
                #expect(got >= 0 || metric != .l2)
            }
        }
    }
}

@Test func batchDistancesAcceptEmptyShapes() {
    var scores: [Float] = []
    let queries: [Float] = [1, 2]
    queries.withUnsafeBufferPointer { q in
        scores.withUnsafeMutableBufferPointer { out in
            BatchDistances.scoreFloatRows(metric: .l2, queries: q, queryCount: 1, base: UnsafeBufferPointer(start: nil, count: 0),
                                          baseCount: 0, dimension: 2, into: out)
        }
    }
    #expect(scores.isEmpty)
    BatchDistances.setThreadCount(1)
}
