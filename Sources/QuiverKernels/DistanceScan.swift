// DistanceScan: scores one query against a block of contiguous rows (the inner loop of FLAT
// and IVF list scans, and of buffer scans).
// Invariants: `scores.count` is the row count; `base` holds at least rowCount * dimension
// floats (or rowCount * bytesPerRow bytes), row-major; the query has exactly one row's worth.
// Scores are the metric's raw score (L2 squared distance, IP, cosine similarity, Hamming bit
// count, Jaccard distance), so callers sort with `Metric.largerIsCloser`. A wrong metric
// family or a short buffer is a caller bug and traps.
// Ownership: stateless; safe from any thread.

package enum DistanceScan {
    /// Scores one query against `rowCount` contiguous rows of `base` (row-major, `dimension` floats each),
    /// writing the metric's raw score per row into `scores` (count == rowCount): L2 -> squared distance,
    /// IP -> inner product, COSINE -> cosine similarity. For COSINE, `baseNorms` may give each row's L2 norm
    /// (sqrt of normSquared) to avoid recomputing; nil means compute.
    package static func scoreFloatRows(
        metric: Metric, query: UnsafeBufferPointer<Float>, base: UnsafeBufferPointer<Float>,
        dimension: Int, baseNorms: UnsafeBufferPointer<Float>?, into scores: UnsafeMutableBufferPointer<Float>
    ) {
        let rowCount = scores.count
        precondition(!metric.isForBinaryVectors, "\(metric.rawValue) is not a float metric")
        precondition(dimension > 0 && query.count == dimension, "query has \(query.count) floats, dimension \(dimension)")
        let (floatCount, overflow) = rowCount.multipliedReportingOverflow(by: dimension)
        precondition(!overflow && base.count >= floatCount, "base holds \(base.count) floats, need \(rowCount) rows")
        guard rowCount > 0, let q = query.baseAddress, let rows = base.baseAddress, let out = scores.baseAddress else {
            return
        }
        switch metric {
        case .l2:
            for row in 0..<rowCount {
                out[row] = Distance.l2SquaredUnchecked(q, rows + row &* dimension, dimension)
            }
        case .innerProduct:
            for row in 0..<rowCount {
                out[row] = Distance.innerProductUnchecked(q, rows + row &* dimension, dimension)
            }
        case .cosine:
            let queryNorm = Distance.innerProductUnchecked(q, q, dimension).squareRoot()
            if let baseNorms {
                precondition(baseNorms.count >= rowCount, "baseNorms has \(baseNorms.count) entries, need \(rowCount)")
                for row in 0..<rowCount {
                    let dot = Distance.innerProductUnchecked(q, rows + row &* dimension, dimension)
                    let denominator = queryNorm * baseNorms[row]
                    out[row] = denominator > 0 ? dot / denominator : 0
                }
            } else {
                for row in 0..<rowCount {
                    let (dot, rowNormSquared) = Distance.dotAndSecondNormUnchecked(q, rows + row &* dimension, dimension)
                    let denominator = queryNorm * rowNormSquared.squareRoot()
                    out[row] = denominator > 0 ? dot / denominator : 0
                }
            }
        case .hamming, .jaccard:
            preconditionFailure("unreachable: binary metric checked above")
        }
    }

    /// Same for binary vectors: `bytesPerRow` bytes each; HAMMING or JACCARD.
    package static func scoreBinaryRows(
        metric: Metric, query: UnsafeBufferPointer<UInt8>, base: UnsafeBufferPointer<UInt8>,
        bytesPerRow: Int, into scores: UnsafeMutableBufferPointer<Float>
    ) {
        let rowCount = scores.count
        precondition(metric.isForBinaryVectors, "\(metric.rawValue) is not a binary metric")
        precondition(bytesPerRow > 0 && query.count == bytesPerRow, "query has \(query.count) bytes, row \(bytesPerRow)")
        let (byteCount, overflow) = rowCount.multipliedReportingOverflow(by: bytesPerRow)
        precondition(!overflow && base.count >= byteCount, "base holds \(base.count) bytes, need \(rowCount) rows")
        guard rowCount > 0, let q = query.baseAddress, let rows = base.baseAddress, let out = scores.baseAddress else {
            return
        }
        if metric == .hamming {
            for row in 0..<rowCount {
                out[row] = Float(Distance.hammingBitCount(q, rows + row &* bytesPerRow, bytesPerRow))
            }
        } else {
            for row in 0..<rowCount {
                out[row] = Distance.jaccardDistanceUnchecked(q, rows + row &* bytesPerRow, bytesPerRow)
            }
        }
    }
}
