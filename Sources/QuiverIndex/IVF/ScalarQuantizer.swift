// ScalarQuantizer: IVF_SQ8's code, one byte per dimension. Dimension j maps
// [minimums[j], minimums[j] + 255 * scales[j]] linearly onto 0...255 (the range is the min and
// max of that dimension over all rows, so no stored row is clipped); a byte c decodes to
// minimums[j] + c * scales[j]. Rows are encoded as they are (not as residuals), so an IP or
// COSINE query's per-dimension weights do not depend on the list.
// Scores are computed on the decoded values, SIMD over the codes: L2 as
// sum((q - min - c * scale)^2), inner product as q.min + sum((q * scale) * c).
// Invariants: minimums.count == scales.count == dimension; scales >= 0 (0 for a constant
// dimension, whose code is always 0).
// Ownership: immutable after training; shared by the searches of one IVFIndex.

struct ScalarQuantizer: Sendable {
    let dimension: Int
    let minimums: [Float]
    let scales: [Float]
    /// Derived: 1 / scales[j], or 0 where the scale is 0.
    let inverseScales: [Float]

    init(dimension: Int, minimums: [Float], scales: [Float]) {
        precondition(minimums.count == dimension && scales.count == dimension, "SQ8 parameter shape")
        self.dimension = dimension
        self.minimums = minimums
        self.scales = scales
        self.inverseScales = scales.map { $0 > 0 ? 1 / $0 : 0 }
    }

    /// Per-dimension min/max over `rowCount` contiguous rows.
    static func train(rows: UnsafeBufferPointer<Float>, rowCount: Int, dimension: Int) -> ScalarQuantizer {
        let base = rows.baseAddress
        return train(rowCount: base == nil ? 0 : rowCount, dimension: dimension) { base! + $0 * dimension }
    }

    /// Per-dimension min/max over `rowCount` rows wherever they lie (`row(i)` points at row i's
    /// `dimension` floats): HNSW_SQ trains on the float graph's strided records.
    static func train(rowCount: Int, dimension: Int, row: (Int) -> UnsafePointer<Float>) -> ScalarQuantizer {
        var minimums = [Float](repeating: 0, count: dimension)
        var maximums = [Float](repeating: 0, count: dimension)
        if rowCount > 0 {
            let first = row(0)
            for j in 0..<dimension {
                minimums[j] = first[j]
                maximums[j] = first[j]
            }
            for i in 1..<max(1, rowCount) {
                let p = row(i)
                for j in 0..<dimension {
                    minimums[j] = min(minimums[j], p[j])
                    maximums[j] = max(maximums[j], p[j])
                }
            }
        }
        let scales = (0..<dimension).map { j in max(0, (maximums[j] - minimums[j]) / 255) }
        return ScalarQuantizer(dimension: dimension, minimums: minimums, scales: scales)
    }

    var codeByteCount: Int { dimension }

    /// code[j] = round((row[j] - min[j]) / scale[j]) clamped to 0...255 (0 for NaN or a zero scale).
    func encode(_ row: UnsafePointer<Float>, into code: UnsafeMutablePointer<UInt8>) {
        minimums.withUnsafeBufferPointer { m in
            inverseScales.withUnsafeBufferPointer { s in
                let m = m.baseAddress!, s = s.baseAddress!
                var j = 0
                while j &+ 8 <= dimension {
                    var level = ((IVFKernels.load8(row, j) - IVFKernels.load8(m, j)) * IVFKernels.load8(s, j))
                        .rounded(.toNearestOrAwayFromZero)
                    level.replace(with: 0, where: .!(level .>= 0))
                    level.replace(with: 255, where: level .> 255)
                    IVFKernels.store8Codes(level, code, j)
                    j &+= 8
                }
                while j < dimension {
                    let level = ((row[j] - m[j]) * s[j]).rounded(.toNearestOrAwayFromZero)
                    code[j] = level >= 0 ? UInt8(min(255, level)) : 0
                    j &+= 1
                }
            }
        }
    }

    func decode(_ code: UnsafePointer<UInt8>, into row: UnsafeMutablePointer<Float>) {
        for j in 0..<dimension { row[j] = minimums[j] + Float(code[j]) * scales[j] }
    }

    var memoryByteCount: Int { (minimums.count + scales.count + inverseScales.count) * MemoryLayout<Float>.stride }
}

/// Scores SQ8 codes against one query on the decoded values.
struct SQ8ListScorer: IVFListScorer {
    let dimension: Int
    let usesL2: Bool
    /// L2: query - minimums; inner product: query * scales.
    private let shiftedQuery: [Float]
    private let scales: [Float]
    /// Inner product: query . minimums.
    private let constant: Float

    init(quantizer: ScalarQuantizer, query: UnsafePointer<Float>, usesL2: Bool) {
        let d = quantizer.dimension
        dimension = d
        self.usesL2 = usesL2
        scales = quantizer.scales
        if usesL2 {
            shiftedQuery = (0..<d).map { query[$0] - quantizer.minimums[$0] }
            constant = 0
        } else {
            shiftedQuery = (0..<d).map { query[$0] * quantizer.scales[$0] }
            var c: Float = 0
            for j in 0..<d { c += query[j] * quantizer.minimums[j] }
            constant = c
        }
    }

    mutating func prepare(list: Int, coarseScore: Float) {}

    func score(codes: UnsafePointer<UInt8>, rowCount: Int, into scores: UnsafeMutablePointer<Float>) {
        let d = dimension
        shiftedQuery.withUnsafeBufferPointer { t in
            scales.withUnsafeBufferPointer { s in
                let t = t.baseAddress!, s = s.baseAddress!
                if usesL2 {
                    for i in 0..<rowCount { scores[i] = IVFKernels.sq8L2Squared(t, s, codes + i &* d, d) }
                } else {
                    for i in 0..<rowCount { scores[i] = constant + IVFKernels.sq8Dot(t, codes + i &* d, d) }
                }
            }
        }
    }
}
