// ProductQuantizer: IVF_PQ's code. The residual r = x - c (row minus its list's coarse
// centroid) is cut into m sub-vectors of dimension / m floats; sub-vector j is replaced by the
// index of its nearest of 2^nbits codewords, trained by k-means on the residuals of the
// training sample (the same residuals for L2, IP and COSINE: k-means minimises the residual's
// L2 error, which bounds the inner-product error |q.(r - r')| <= |q| |r - r'| too).
// Codes are packed little-endian bit streams: codeword index of sub-quantizer j occupies bits
// [j * nbits, (j + 1) * nbits) of the code, bit b being bit b % 8 of byte b / 8; a code is
// ceil(m * nbits / 8) bytes. Every nbits in 1...16 is supported; nbits = 8 has a byte-per-index
// fast path. With fewer training rows than 2^nbits, every row becomes a codeword and the
// surplus codewords repeat rows (KMeans), so small segments still encode exactly.
// Invariants: codebooks is [m][ksub][dsub]; the derived transposedCodebooks ([m][dsub][ksub])
// and codewordNormsSquared ([m][ksub]) always match it (computed in init, never stored).
// Ownership: immutable after training; shared by the searches of one IVFIndex.

import QuiverKernels

struct ProductQuantizer: Sendable {
    let dimension: Int
    let subquantizerCount: Int
    let bitsPerCode: Int
    let subDimension: Int
    let centroidsPerSubquantizer: Int
    /// [subquantizerCount][centroidsPerSubquantizer][subDimension].
    let codebooks: [Float]
    let transposedCodebooks: [Float]
    let codewordNormsSquared: [Float]

    init(dimension: Int, subquantizerCount m: Int, bitsPerCode nbits: Int, codebooks: [Float]) {
        precondition(m > 0 && dimension % m == 0 && (1...16).contains(nbits), "PQ shape")
        let ksub = 1 << nbits, dsub = dimension / m
        precondition(codebooks.count == m * ksub * dsub, "PQ codebook size")
        self.dimension = dimension
        self.subquantizerCount = m
        self.bitsPerCode = nbits
        self.subDimension = dsub
        self.centroidsPerSubquantizer = ksub
        self.codebooks = codebooks
        var transposed = [Float](repeating: 0, count: codebooks.count)
        var norms = [Float](repeating: 0, count: m * ksub)
        for j in 0..<m {
            for k in 0..<ksub {
                var normSquared: Float = 0
                for t in 0..<dsub {
                    let value = codebooks[(j * ksub + k) * dsub + t]
                    transposed[(j * dsub + t) * ksub + k] = value
                    normSquared += value * value
                }
                norms[j * ksub + k] = normSquared
            }
        }
        transposedCodebooks = transposed
        codewordNormsSquared = norms
    }

    static func codeByteCount(subquantizerCount m: Int, bitsPerCode nbits: Int) -> Int { (m * nbits + 7) / 8 }
    var codeByteCount: Int { Self.codeByteCount(subquantizerCount: subquantizerCount, bitsPerCode: bitsPerCode) }

    /// Trains the m codebooks by k-means on `rowCount` residuals (row-major); zero codebooks when there are none.
    static func train(residuals: UnsafeBufferPointer<Float>, rowCount: Int, dimension: Int, subquantizerCount m: Int,
                      bitsPerCode nbits: Int, seed: UInt64) -> ProductQuantizer {
        let ksub = 1 << nbits, dsub = dimension / m
        var codebooks = [Float](repeating: 0, count: m * ksub * dsub)
        if rowCount > 0 {
            var sub = [Float](repeating: 0, count: rowCount * dsub)
            for j in 0..<m {
                gatherSubvectors(residuals.baseAddress!, rowCount: rowCount, dimension: dimension, offset: j * dsub,
                                 subDimension: dsub, into: &sub)
                let result = sub.withUnsafeBufferPointer {
                    KMeans.train(points: $0, pointCount: rowCount, dimension: dsub, clusterCount: ksub, seed: seed &+ UInt64(j))
                }
                codebooks.replaceSubrange((j * ksub * dsub)..<((j + 1) * ksub * dsub), with: result.centroids)
            }
        }
        return ProductQuantizer(dimension: dimension, subquantizerCount: m, bitsPerCode: nbits, codebooks: codebooks)
    }

    /// Encodes `rowCount` residuals (row-major) into `codes` ([rowCount][codeByteCount], overwritten).
    func encode(_ residuals: UnsafeBufferPointer<Float>, rowCount: Int, into codes: UnsafeMutableBufferPointer<UInt8>) {
        let m = subquantizerCount, ksub = centroidsPerSubquantizer, dsub = subDimension, byteCount = codeByteCount
        precondition(residuals.count >= rowCount * dimension && codes.count >= rowCount * byteCount, "PQ encode shape")
        guard rowCount > 0 else { return }
        codes.update(repeating: 0)
        var sub = [Float](repeating: 0, count: rowCount * dsub)
        var nearest = [Int32](repeating: 0, count: rowCount)
        for j in 0..<m {
            Self.gatherSubvectors(residuals.baseAddress!, rowCount: rowCount, dimension: dimension, offset: j * dsub,
                                  subDimension: dsub, into: &sub)
            let norms = Array(codewordNormsSquared[(j * ksub)..<((j + 1) * ksub)])
            codebooks.withUnsafeBufferPointer { books in
                sub.withUnsafeBufferPointer { points in
                    nearest.withUnsafeMutableBufferPointer { out in
                        let book = UnsafeBufferPointer(rebasing: books[(j * ksub * dsub)..<((j + 1) * ksub * dsub)])
                        KMeans.assignToNearest(points: points, pointCount: rowCount, dimension: dsub, centroids: book,
                                               clusterCount: ksub, centroidNormsSquared: norms, into: out)
                    }
                }
            }
            for row in 0..<rowCount {
                Self.writeIndex(Int(nearest[row]), subquantizer: j, bitsPerCode: bitsPerCode,
                                into: codes.baseAddress! + row * byteCount)
            }
        }
    }

    /// Adds the decoded residual of `code` to `row` (row += r').
    func addDecoded(_ code: UnsafePointer<UInt8>, to row: UnsafeMutablePointer<Float>) {
        for j in 0..<subquantizerCount {
            let k = Self.readIndex(code, subquantizer: j, bitsPerCode: bitsPerCode)
            let word = (j * centroidsPerSubquantizer + k) * subDimension
            for t in 0..<subDimension { row[j * subDimension + t] += codebooks[word + t] }
        }
    }

    // MARK: Bit packing

    @inline(__always)
    static func writeIndex(_ value: Int, subquantizer j: Int, bitsPerCode nbits: Int, into code: UnsafeMutablePointer<UInt8>) {
        if nbits == 8 {
            code[j] = UInt8(truncatingIfNeeded: value)
            return
        }
        var bit = j * nbits
        var remaining = nbits
        var v = value
        while remaining > 0 {
            let shift = bit & 7
            let take = min(8 - shift, remaining)
            let mask = (1 << take) - 1
            code[bit >> 3] |= UInt8(truncatingIfNeeded: (v & mask) << shift)
            v >>= take
            bit += take
            remaining -= take
        }
    }

    @inline(__always)
    static func readIndex(_ code: UnsafePointer<UInt8>, subquantizer j: Int, bitsPerCode nbits: Int) -> Int {
        if nbits == 8 { return Int(code[j]) }
        var bit = j &* nbits
        var remaining = nbits
        var value = 0
        var produced = 0
        while remaining > 0 {
            let shift = bit & 7
            let take = min(8 &- shift, remaining)
            let chunk = (Int(code[bit &>> 3]) &>> shift) & ((1 &<< take) &- 1)
            value |= chunk &<< produced
            produced &+= take
            bit &+= take
            remaining &-= take
        }
        return value
    }

    // MARK: Distance tables (ADC)

    /// table[j * ksub + k] = q_j . y_jk.
    func innerProductTable(_ query: UnsafePointer<Float>, into table: UnsafeMutablePointer<Float>) {
        dotTable(query, into: table)
    }

    /// table[j * ksub + k] = |r_j - y_jk|^2 = |r_j|^2 - 2 r_j . y_jk + |y_jk|^2, for r = q - c.
    func l2Table(_ residual: UnsafePointer<Float>, into table: UnsafeMutablePointer<Float>) {
        dotTable(residual, into: table)
        let ksub = centroidsPerSubquantizer, dsub = subDimension
        codewordNormsSquared.withUnsafeBufferPointer { norms in
            for j in 0..<subquantizerCount {
                let r = residual + j &* dsub
                let rNormSquared = IVFKernels.innerProduct(r, r, dsub)
                let row = table + j &* ksub
                for k in 0..<ksub { row[k] = max(0, rNormSquared - 2 * row[k] + norms[j &* ksub &+ k]) }
            }
        }
    }

    /// table[j * ksub + k] = v_j . y_jk, SIMD across codewords on the transposed codebooks:
    /// for each sub-dimension t, row += v_jt * Y_j[t][...], a streaming multiply-add over ksub floats.
    private func dotTable(_ v: UnsafePointer<Float>, into table: UnsafeMutablePointer<Float>) {
        let ksub = centroidsPerSubquantizer, dsub = subDimension
        transposedCodebooks.withUnsafeBufferPointer { books in
            let books = books.baseAddress!
            for j in 0..<subquantizerCount {
                let row = table + j &* ksub
                let block = books + j &* dsub &* ksub
                guard ksub >= 8 else {
                    for k in 0..<ksub {
                        var sum: Float = 0
                        for t in 0..<dsub { sum += v[j &* dsub &+ t] * block[t &* ksub &+ k] }
                        row[k] = sum
                    }
                    continue
                }
                let raw = UnsafeMutableRawPointer(row)
                let v0 = SIMD8<Float>(repeating: v[j &* dsub])
                var k = 0
                while k < ksub {
                    raw.storeBytes(of: v0 * IVFKernels.load8(block, k), toByteOffset: k &* 4, as: SIMD8<Float>.self)
                    k &+= 8
                }
                for t in 1..<max(1, dsub) {
                    let vt = SIMD8<Float>(repeating: v[j &* dsub &+ t])
                    let line = block + t &* ksub
                    k = 0
                    while k < ksub {
                        let sum = IVFKernels.load8(row, k) + vt * IVFKernels.load8(line, k)
                        raw.storeBytes(of: sum, toByteOffset: k &* 4, as: SIMD8<Float>.self)
                        k &+= 8
                    }
                }
            }
        }
    }

    private static func gatherSubvectors(_ rows: UnsafePointer<Float>, rowCount: Int, dimension: Int, offset: Int,
                                         subDimension: Int, into sub: inout [Float]) {
        sub.withUnsafeMutableBufferPointer { out in
            for row in 0..<rowCount {
                (out.baseAddress! + row * subDimension).update(from: rows + row * dimension + offset, count: subDimension)
            }
        }
    }

    var memoryByteCount: Int {
        (codebooks.count + transposedCodebooks.count + codewordNormsSquared.count) * MemoryLayout<Float>.stride
    }
}
