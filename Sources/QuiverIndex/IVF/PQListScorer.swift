// PQListScorer: asymmetric distance computation (ADC) for IVF_PQ, one query at a time.
// L2: for each probed list with centroid c, table[j][k] = |(q - c)_j - y_jk|^2 is built from the
// list's residual query, and a row's score is the sum of its m table entries.
// IP / COSINE: q.x ~ q.c + sum_j q_j . y_j(code), so one table of q_j . y_jk serves every list
// and each list adds its own q.c.
// Invariants: `table` holds m * 2^nbits floats and matches the list last passed to `prepare`
// (L2) or the query (IP); scores are approximate (they use the decoded residual).
// Ownership: owned by one search call.

struct PQListScorer: IVFListScorer {
    let quantizer: ProductQuantizer
    let centroids: [Float]
    let query: UnsafePointer<Float>
    let usesL2: Bool
    private var table: [Float]
    private var residual: [Float]
    private var listBase: Float = 0

    init(quantizer: ProductQuantizer, centroids: [Float], query: UnsafePointer<Float>, usesL2: Bool) {
        self.quantizer = quantizer
        self.centroids = centroids
        self.query = query
        self.usesL2 = usesL2
        table = [Float](repeating: 0, count: quantizer.subquantizerCount * quantizer.centroidsPerSubquantizer)
        residual = [Float](repeating: 0, count: quantizer.dimension)
        if !usesL2 {
            table.withUnsafeMutableBufferPointer { quantizer.innerProductTable(query, into: $0.baseAddress!) }
        }
    }

    mutating func prepare(list: Int, coarseScore: Float) {
        let d = quantizer.dimension, query = self.query, quantizer = self.quantizer
        centroids.withUnsafeBufferPointer { c in
            let centroid = c.baseAddress! + list &* d
            if usesL2 {
                residual.withUnsafeMutableBufferPointer { r in
                    for i in 0..<d { r[i] = query[i] - centroid[i] }
                    table.withUnsafeMutableBufferPointer { quantizer.l2Table(r.baseAddress!, into: $0.baseAddress!) }
                }
                listBase = 0
            } else {
                listBase = IVFKernels.innerProduct(query, centroid, d)
            }
        }
    }

    func score(codes: UnsafePointer<UInt8>, rowCount: Int, into scores: UnsafeMutablePointer<Float>) {
        let m = quantizer.subquantizerCount, ksub = quantizer.centroidsPerSubquantizer
        let nbits = quantizer.bitsPerCode, byteCount = quantizer.codeByteCount, base = listBase
        table.withUnsafeBufferPointer { t in
            let t = t.baseAddress!
            if nbits == 8 {
                for i in 0..<rowCount {
                    let code = codes + i &* byteCount
                    var s0 = base, s1: Float = 0
                    var j = 0
                    while j &+ 2 <= m {
                        s0 += t[j &* 256 &+ Int(code[j])]
                        s1 += t[(j &+ 1) &* 256 &+ Int(code[j &+ 1])]
                        j &+= 2
                    }
                    if j < m { s0 += t[j &* 256 &+ Int(code[j])] }
                    scores[i] = s0 + s1
                }
            } else {
                for i in 0..<rowCount {
                    let code = codes + i &* byteCount
                    var s = base
                    for j in 0..<m {
                        s += t[j &* ksub &+ ProductQuantizer.readIndex(code, subquantizer: j, bitsPerCode: nbits)]
                    }
                    scores[i] = s
                }
            }
        }
    }
}
