// RowScorer: scores one query against the rows of one vector column (faiss's "scanner"). A
// scorer holds what its metric needs per query (the query's norm for COSINE) and per column (row
// norms, when the column keeps them) and knows the metric's direction, so every exact path —
// FLAT, BIN_FLAT, the planner's scan of buffers and unindexed segments, the selective scan of a
// filter's few rows — scores a row the same way, to the bit.
// Scores are the metric's raw score: squared L2, inner product, cosine similarity, Hamming bit
// count, Jaccard distance; sort with `largerIsCloser`.
// Invariants: a scorer borrows its buffers (query, rows, norms): it lives inside the
// `withUnsafeBufferPointer` calls that produced them. Rows are row-major, `rowWidth` elements
// each; asking for a row past the buffer, a query of the wrong width or a metric of the other
// family is a caller bug and traps.
// Ownership: a value type; stateless beyond what it borrows; safe from any thread.

/// Scores rows of one column against one query.
package protocol RowScorer {
    /// Whether a larger score is a closer row (IP, COSINE).
    var largerIsCloser: Bool { get }
    /// Rows the scorer's buffer holds.
    var rowCount: Int { get }
    /// Scores rows `first ..< first + scores.count` into `scores`.
    func scoreRows(startingAt first: Int, into scores: UnsafeMutableBufferPointer<Float>)
    /// One row's score.
    func scoreRow(_ row: Int) -> Float
}

/// L2, IP or COSINE over float rows.
package struct FloatRowScorer: RowScorer {
    package let metric: Metric
    private let query: UnsafePointer<Float>
    private let rows: UnsafeBufferPointer<Float>
    private let dimension: Int
    /// Row L2 norms (COSINE only; nil: computed per row).
    private let rowNorms: UnsafeBufferPointer<Float>?
    private let queryNorm: Float
    package let rowCount: Int

    /// - Parameters:
    ///   - rows: row-major, a multiple of `dimension` floats.
    ///   - rowNorms: each row's L2 norm (sqrt of normSquared), used for COSINE; nil: computed.
    package init(metric: Metric, query: UnsafeBufferPointer<Float>, rows: UnsafeBufferPointer<Float>, dimension: Int,
                 rowNorms: UnsafeBufferPointer<Float>? = nil) {
        precondition(!metric.isForBinaryVectors, "\(metric.rawValue) is not a float metric")
        precondition(dimension > 0 && query.count == dimension, "query has \(query.count) floats, dimension \(dimension)")
        self.metric = metric
        self.query = query.baseAddress!
        self.rows = rows
        self.dimension = dimension
        self.rowCount = rows.count / dimension
        self.rowNorms = metric == .cosine ? rowNorms : nil
        if let rowNorms = self.rowNorms {
            precondition(rowNorms.count >= rowCount, "rowNorms has \(rowNorms.count) entries, need \(rowCount)")
        }
        self.queryNorm = metric == .cosine ? Distance.innerProductUnchecked(query.baseAddress!, query.baseAddress!, dimension).squareRoot() : 0
    }

    package var largerIsCloser: Bool { metric.largerIsCloser }

    @inline(__always)
    package func scoreRow(_ row: Int) -> Float {
        precondition(row >= 0 && row < rowCount, "row \(row) outside 0..<\(rowCount)")
        let x = rows.baseAddress! + row &* dimension
        switch metric {
        case .l2:
            return Distance.l2SquaredUnchecked(query, x, dimension)
        case .innerProduct:
            return Distance.innerProductUnchecked(query, x, dimension)
        case .cosine:
            if let rowNorms {
                let denominator = queryNorm * rowNorms[row]
                return denominator > 0 ? Distance.innerProductUnchecked(query, x, dimension) / denominator : 0
            }
            let (dot, rowNormSquared) = Distance.dotAndSecondNormUnchecked(query, x, dimension)
            let denominator = queryNorm * rowNormSquared.squareRoot()
            return denominator > 0 ? dot / denominator : 0
        case .hamming, .jaccard:
            preconditionFailure("unreachable: a float scorer has a float metric")
        }
    }

    package func scoreRows(startingAt first: Int, into scores: UnsafeMutableBufferPointer<Float>) {
        let count = scores.count
        precondition(first >= 0 && count <= rowCount - first, "rows \(first)..<\(first + count) outside 0..<\(rowCount)")
        guard count > 0, let out = scores.baseAddress else { return }
        let base = rows.baseAddress! + first &* dimension
        // One loop per metric, so the kernel call is not behind a switch per row.
        switch metric {
        case .l2:
            for i in 0..<count { out[i] = Distance.l2SquaredUnchecked(query, base + i &* dimension, dimension) }
        case .innerProduct:
            for i in 0..<count { out[i] = Distance.innerProductUnchecked(query, base + i &* dimension, dimension) }
        case .cosine:
            for i in 0..<count { out[i] = scoreRow(first + i) }
        case .hamming, .jaccard:
            preconditionFailure("unreachable: a float scorer has a float metric")
        }
    }
}

/// HAMMING or JACCARD over packed binary rows.
package struct BinaryRowScorer: RowScorer {
    package let metric: Metric
    private let query: UnsafePointer<UInt8>
    private let rows: UnsafeBufferPointer<UInt8>
    private let bytesPerRow: Int
    package let rowCount: Int

    /// - Parameter rows: row-major, a multiple of `bytesPerRow` bytes.
    package init(metric: Metric, query: UnsafeBufferPointer<UInt8>, rows: UnsafeBufferPointer<UInt8>, bytesPerRow: Int) {
        precondition(metric.isForBinaryVectors, "\(metric.rawValue) is not a binary metric")
        precondition(bytesPerRow > 0 && query.count == bytesPerRow, "query has \(query.count) bytes, row \(bytesPerRow)")
        self.metric = metric
        self.query = query.baseAddress!
        self.rows = rows
        self.bytesPerRow = bytesPerRow
        self.rowCount = rows.count / bytesPerRow
    }

    package var largerIsCloser: Bool { false }

    @inline(__always)
    package func scoreRow(_ row: Int) -> Float {
        precondition(row >= 0 && row < rowCount, "row \(row) outside 0..<\(rowCount)")
        let x = rows.baseAddress! + row &* bytesPerRow
        return metric == .hamming ? Float(Distance.hammingBitCount(query, x, bytesPerRow))
            : Distance.jaccardDistanceUnchecked(query, x, bytesPerRow)
    }

    package func scoreRows(startingAt first: Int, into scores: UnsafeMutableBufferPointer<Float>) {
        let count = scores.count
        precondition(first >= 0 && count <= rowCount - first, "rows \(first)..<\(first + count) outside 0..<\(rowCount)")
        guard count > 0, let out = scores.baseAddress else { return }
        let base = rows.baseAddress! + first &* bytesPerRow
        if metric == .hamming {
            for i in 0..<count { out[i] = Float(Distance.hammingBitCount(query, base + i &* bytesPerRow, bytesPerRow)) }
        } else {
            for i in 0..<count { out[i] = Distance.jaccardDistanceUnchecked(query, base + i &* bytesPerRow, bytesPerRow) }
        }
    }
}
