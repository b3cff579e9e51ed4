// BatchDistances: many queries against many rows at once through BLAS (cblas_sgemm), for
// batch search, IVF assignment and k-means training.
// Invariants: shapes are row-major, queries [queryCount][dimension], base [baseCount][dimension],
// scores [queryCount][baseCount]; each count fits in Int32 (the CBLAS interface). L2 is
// |q|^2 - 2 q.x + |x|^2 clamped at >= 0, so it may differ from Distance.l2Squared by rounding
// (relative ~1e-6 of the norms). COSINE is 0 where either norm is 0.
// Ownership: stateless apart from OpenBLAS's process-wide thread count (setThreadCount).

import COpenBLAS

package enum BatchDistances {
    /// Scores `queryCount` queries against `baseCount` rows with cblas_sgemm; out is row-major [queryCount][baseCount].
    /// L2 uses |q|^2 - 2 q.x + |x|^2 (clamped at >= 0) with `baseNormsSquared` if given; IP raw; COSINE divides by
    /// norms (sqrt of `baseNormsSquared` if given). `baseNormsSquared`, when given, has baseCount entries.
    package static func scoreFloatRows(
        metric: Metric, queries: UnsafeBufferPointer<Float>, queryCount: Int,
        base: UnsafeBufferPointer<Float>, baseCount: Int, dimension: Int,
        baseNormsSquared: UnsafeBufferPointer<Float>? = nil,
        into scores: UnsafeMutableBufferPointer<Float>
    ) {
        precondition(!metric.isForBinaryVectors, "\(metric.rawValue) is not a float metric")
        precondition(dimension > 0 && queryCount >= 0 && baseCount >= 0, "bad shape")
        precondition(dimension <= Int(Int32.max) && queryCount <= Int(Int32.max) && baseCount <= Int(Int32.max),
                     "shape exceeds the CBLAS Int32 range")
        let (queryFloatCount, o1) = queryCount.multipliedReportingOverflow(by: dimension)
        let (baseFloatCount, o2) = baseCount.multipliedReportingOverflow(by: dimension)
        let (scoreCount, o3) = queryCount.multipliedReportingOverflow(by: baseCount)
        precondition(!o1 && !o2 && !o3, "shape overflows Int")
        precondition(queries.count >= queryFloatCount, "queries hold \(queries.count) floats, need \(queryFloatCount)")
        precondition(base.count >= baseFloatCount, "base holds \(base.count) floats, need \(baseFloatCount)")
        precondition(scores.count >= scoreCount, "scores hold \(scores.count) floats, need \(scoreCount)")
        if let baseNormsSquared {
            precondition(baseNormsSquared.count >= baseCount, "baseNormsSquared has \(baseNormsSquared.count) entries")
        }
        guard queryCount > 0, baseCount > 0,
              let q = queries.baseAddress, let x = base.baseAddress, let out = scores.baseAddress else { return }

        // out = queries * base^T
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans,
                    Int32(queryCount), Int32(baseCount), Int32(dimension),
                    1, q, Int32(dimension), x, Int32(dimension),
                    0, out, Int32(baseCount))
        if metric == .innerProduct { return }

        let baseNorms: [Float] = baseNormsSquared.map(Array.init)
            ?? (0..<baseCount).map { Distance.innerProductUnchecked(x + $0 &* dimension, x + $0 &* dimension, dimension) }
        baseNorms.withUnsafeBufferPointer { xNormSquared in
            for queryIndex in 0..<queryCount {
                let qRow = q + queryIndex &* dimension
                let qNormSquared = Distance.innerProductUnchecked(qRow, qRow, dimension)
                let outRow = out + queryIndex &* baseCount
                if metric == .l2 {
                    for j in 0..<baseCount {
                        outRow[j] = max(0, qNormSquared - 2 * outRow[j] + xNormSquared[j])
                    }
                } else {
                    let qNorm = qNormSquared.squareRoot()
                    for j in 0..<baseCount {
                        let denominator = qNorm * xNormSquared[j].squareRoot()
                        outRow[j] = denominator > 0 ? outRow[j] / denominator : 0
                    }
                }
            }
        }
    }

    /// Sets OpenBLAS's worker thread count for the whole process (openblas_set_num_threads).
    package static func setThreadCount(_ n: Int) {
        precondition(n > 0 && n <= Int(Int32.max), "thread count must be positive, got \(n)")
        openblas_set_num_threads(Int32(n))
    }
}
