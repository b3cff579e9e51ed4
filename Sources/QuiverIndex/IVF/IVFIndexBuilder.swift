// IVFIndexBuilder: the build steps of an IVFIndex over rows already validated (and, for
// COSINE, normalised): sample, train the coarse quantizer, train the code (SQ8 ranges or PQ
// codebooks on sample residuals), assign every row, counting-sort rows into lists, encode.
// Invariants: deterministic for a given seed; the training sample is at most
// max(listCount * 39, 10_000) rows; the coarse assignment and PQ encoding go through sgemm in
// blocks of rows, so the add phase costs O(rows * (listCount + 2^nbits) * dimension) flops.
// Ownership: a value used once by IVFIndex.build.

import QuiverKernels

struct IVFIndexBuilder {
    let spec: IndexSpec
    let dimension: Int
    let seed: UInt64
    let progress: ((String) -> Void)?

    /// Rows per PQ encoding block (bounds the residual scratch).
    static let encodingBlockRowCount = 4096

    func build(rows: UnsafeBufferPointer<Float>) -> IVFIndex {
        let rowCount = rows.count / dimension
        let listCount = min(spec.parameter("nlist", default: 128), rowCount)
        let sampleRows = KMeans.sampleRows(rowCount: rowCount, sampleCount: max(listCount * 39, 10_000),
                                           seed: seed ^ 0x5A3B_1E5D_0C0A_7E11)
        var sample = [Float](repeating: 0, count: sampleRows.count * dimension)
        sample.withUnsafeMutableBufferPointer { out in
            for (i, row) in sampleRows.enumerated() {
                (out.baseAddress! + i * dimension).update(from: rows.baseAddress! + row * dimension, count: dimension)
            }
        }
        progress?("IVF: training \(listCount) lists on \(sampleRows.count) of \(rowCount) rows")
        var centroids: [Float] = []
        if listCount > 0 {
            centroids = sample.withUnsafeBufferPointer {
                KMeans.train(points: $0, pointCount: sampleRows.count, dimension: dimension, clusterCount: listCount,
                             seed: seed).centroids
            }
        }
        let quantizer = CoarseQuantizer(centroids: centroids, listCount: listCount, dimension: dimension,
                                        probeMetric: spec.metric == .innerProduct ? .innerProduct : .l2)
        let encoding = trainEncoding(sample: sample, sampleCount: sampleRows.count, quantizer: quantizer, rows: rows)

        progress?("IVF: assigning and encoding \(rowCount) rows")
        let assignment = quantizer.assign(rows, rowCount: rowCount)
        let codeByteCount: Int
        switch encoding {
        case .flat: codeByteCount = FlatCodes.codeByteCount(dimension: dimension)
        case .scalar(let sq): codeByteCount = sq.codeByteCount
        case .product(let pq): codeByteCount = pq.codeByteCount
        }
        var (lists, slotOfRow) = InvertedLists.build(assignment: assignment, listCount: listCount,
                                                     codeByteCount: codeByteCount)
        lists.withUnsafeMutableCodes { codes in
            encode(rows: rows, rowCount: rowCount, assignment: assignment, slotOfRow: slotOfRow,
                   encoding: encoding, quantizer: quantizer, into: codes)
        }
        progress?("IVF: built \(spec.kind.rawValue) with \(listCount) lists over \(rowCount) rows")
        return IVFIndex(spec: spec, dimension: dimension, quantizer: quantizer, lists: lists, encoding: encoding)
    }

    private func trainEncoding(sample: [Float], sampleCount: Int, quantizer: CoarseQuantizer,
                               rows: UnsafeBufferPointer<Float>) -> IVFEncoding {
        switch spec.kind {
        case .ivfSQ8:
            return .scalar(ScalarQuantizer.train(rows: rows, rowCount: rows.count / dimension, dimension: dimension))
        case .ivfPQ:
            let m = spec.parameter("m", default: IndexSpec.defaultPQSubquantizers(dimension: dimension))
            let nbits = spec.parameter("nbits", default: 8)
            progress?("IVF_PQ: training \(m) x \(1 << nbits) codewords on \(sampleCount) residuals")
            var residuals = sample
            if quantizer.listCount > 0 {
                let assignment = sample.withUnsafeBufferPointer { quantizer.assign($0, rowCount: sampleCount) }
                subtractCentroids(from: &residuals, rowCount: sampleCount, assignment: assignment[...], quantizer: quantizer)
            }
            return .product(residuals.withUnsafeBufferPointer {
                ProductQuantizer.train(residuals: $0, rowCount: sampleCount, dimension: dimension, subquantizerCount: m,
                                       bitsPerCode: nbits, seed: seed &+ 0x9E37_79B9)
            })
        default:
            return .flat
        }
    }

    private func encode(rows: UnsafeBufferPointer<Float>, rowCount: Int, assignment: [Int32], slotOfRow: [Int],
                        encoding: IVFEncoding, quantizer: CoarseQuantizer,
                        into codes: UnsafeMutableBufferPointer<UInt8>) {
        let base = rows.baseAddress, out = codes.baseAddress
        switch encoding {
        case .flat:
            let byteCount = FlatCodes.codeByteCount(dimension: dimension)
            for row in 0..<rowCount {
                FlatCodes.encode(base! + row * dimension, dimension: dimension, into: out! + slotOfRow[row] * byteCount)
            }
        case .scalar(let sq):
            for row in 0..<rowCount {
                sq.encode(base! + row * dimension, into: out! + slotOfRow[row] * sq.codeByteCount)
            }
        case .product(let pq):
            let blockRowCount = Self.encodingBlockRowCount
            var residuals = [Float](repeating: 0, count: blockRowCount * dimension)
            var blockCodes = [UInt8](repeating: 0, count: blockRowCount * pq.codeByteCount)
            var start = 0
            while start < rowCount {
                let n = min(blockRowCount, rowCount - start)
                residuals.withUnsafeMutableBufferPointer { r in
                    r.baseAddress!.update(from: base! + start * dimension, count: n * dimension)
                }
                subtractCentroids(from: &residuals, rowCount: n, assignment: assignment[start..<(start + n)],
                                  quantizer: quantizer)
                residuals.withUnsafeBufferPointer { r in
                    blockCodes.withUnsafeMutableBufferPointer { c in
                        pq.encode(r, rowCount: n, into: UnsafeMutableBufferPointer(rebasing: c[0..<(n * pq.codeByteCount)]))
                        for i in 0..<n {
                            (out! + slotOfRow[start + i] * pq.codeByteCount)
                                .update(from: c.baseAddress! + i * pq.codeByteCount, count: pq.codeByteCount)
                        }
                    }
                }
                start += n
            }
        }
    }

    /// rows[i] -= centroid[assignment[i]] for the first `rowCount` rows.
    private func subtractCentroids(from rows: inout [Float], rowCount: Int, assignment: ArraySlice<Int32>,
                                   quantizer: CoarseQuantizer) {
        let d = dimension
        rows.withUnsafeMutableBufferPointer { r in
            quantizer.centroids.withUnsafeBufferPointer { c in
                for (i, list) in assignment.enumerated() where i < rowCount {
                    let row = r.baseAddress! + i * d, centroid = c.baseAddress! + Int(list) * d
                    for j in 0..<d { row[j] -= centroid[j] }
                }
            }
        }
    }
}
