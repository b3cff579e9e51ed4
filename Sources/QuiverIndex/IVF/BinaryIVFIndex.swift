// BinaryIVFIndex: BIN_IVF_FLAT (faiss's IndexBinaryIVF): binary k-means centroids (Hamming,
// majority vote) as the coarse quantizer and inverted lists holding the packed rows as they
// are, so list scans are exact for HAMMING and JACCARD. Rows are assigned to, and queries
// probe, lists by Hamming distance to the centroids for both metrics; the lists are then scored
// with the index metric. nlist larger than the row count is clamped to the row count; nprobe
// defaults to 8 and is clamped to 1...listCount.
// Invariants: dimension is a positive multiple of 8 (bits); rows are dimension / 8 bytes; lists
// hold every row exactly once; search never returns a row cleared in `allowed`.
// Ownership: immutable after build or deserialize; Sendable, search is safe from many threads.

import QuiverKernels

package final class BinaryIVFIndex: CollectingIndex {
    package typealias Element = UInt8
    package let spec: IndexSpec
    /// Bits per vector.
    package let dimension: Int
    package let count: Int
    /// Lists actually built: min(nlist, count).
    package let listCount: Int
    // Immutable after init.
    /// Row-major [listCount][bytesPerRow].
    let centroids: [UInt8]
    let lists: InvertedLists

    init(spec: IndexSpec, dimension: Int, centroids: [UInt8], lists: InvertedLists) {
        precondition(dimension > 0 && dimension % 8 == 0 && lists.codeByteCount == dimension / 8, "binary IVF shape")
        precondition(centroids.count == lists.listCount * lists.codeByteCount, "binary IVF centroids")
        self.spec = spec
        self.dimension = dimension
        self.count = lists.rowCount
        self.listCount = lists.listCount
        self.centroids = centroids
        self.lists = lists
    }

    var bytesPerRow: Int { dimension / 8 }

    /// Centroids, row ids, offsets and rows.
    package var memoryByteCount: Int { centroids.count + lists.memoryByteCount }

    /// Builds over `vectors` (row-major, dimension / 8 bytes per row; rows are the labels).
    package static func build(spec: IndexSpec, vectors: UnsafeBufferPointer<UInt8>, dimension: Int, seed: UInt64 = 42,
                             progress: ((String) -> Void)? = nil) throws(IndexSpecError) -> BinaryIVFIndex {
        let spec = spec.resolved()
        guard spec.kind == .binIVFFlat else {
            throw IndexSpecError("BinaryIVFIndex builds BIN_IVF_FLAT, not \(spec.kind.rawValue)")
        }
        guard dimension > 0, dimension % 8 == 0 else {
            throw IndexSpecError("binary dimension must be a positive multiple of 8, got \(dimension)")
        }
        try spec.validate(dimension: dimension)
        let bytesPerRow = dimension / 8
        guard vectors.count % bytesPerRow == 0 else {
            throw IndexSpecError("\(vectors.count) bytes are not whole rows of \(bytesPerRow) bytes")
        }
        let rowCount = vectors.count / bytesPerRow
        guard rowCount <= IndexSerialization.maxRowCount else {
            throw IndexSpecError("\(rowCount) rows exceed the limit of \(IndexSerialization.maxRowCount)")
        }
        let listCount = min(spec.parameter("nlist", default: 128), rowCount)
        let sampleRows = KMeans.sampleRows(rowCount: rowCount, sampleCount: max(listCount * 39, 10_000),
                                           seed: seed ^ 0x5A3B_1E5D_0C0A_7E11)
        var sample = [UInt8](repeating: 0, count: sampleRows.count * bytesPerRow)
        for (i, row) in sampleRows.enumerated() {
            for b in 0..<bytesPerRow { sample[i * bytesPerRow + b] = vectors[row * bytesPerRow + b] }
        }
        progress?("BIN_IVF_FLAT: training \(listCount) lists on \(sampleRows.count) of \(rowCount) rows")
        var centroids: [UInt8] = []
        if listCount > 0 {
            centroids = sample.withUnsafeBufferPointer {
                BinaryKMeans.train(points: $0, pointCount: sampleRows.count, bytesPerRow: bytesPerRow,
                                   clusterCount: listCount, seed: seed).centroids
            }
        }
        progress?("BIN_IVF_FLAT: assigning \(rowCount) rows")
        var assignment = [Int32](repeating: 0, count: rowCount)
        assignment.withUnsafeMutableBufferPointer { a in
            centroids.withUnsafeBufferPointer { c in
                _ = BinaryKMeans.assignToNearest(points: vectors, pointCount: rowCount, bytesPerRow: bytesPerRow,
                                                 centroids: c, clusterCount: listCount, into: a)
            }
        }
        var (lists, slotOfRow) = InvertedLists.build(assignment: assignment, listCount: listCount,
                                                     codeByteCount: bytesPerRow)
        lists.withUnsafeMutableCodes { codes in
            for row in 0..<rowCount {
                (codes.baseAddress! + slotOfRow[row] * bytesPerRow)
                    .update(from: vectors.baseAddress! + row * bytesPerRow, count: bytesPerRow)
            }
        }
        return BinaryIVFIndex(spec: spec, dimension: dimension, centroids: centroids, lists: lists)
    }

    /// nprobe from the parameters (default 8), clamped to 1...listCount.
    package func probeCount(for parameters: IndexSearchParameters) -> Int {
        min(max(1, parameters.nprobe ?? IVFIndex.defaultProbeCount), listCount)
    }

    package var queryWidth: Int { bytesPerRow }

    /// The rows of the nprobe lists closest to the query (by Hamming distance to the centroids),
    /// scored exactly with the index metric.
    package func collect<Collector: HitCollector>(_ query: UnsafeBufferPointer<UInt8>, parameters: IndexSearchParameters,
                                                  allowed: Bitset?, into collector: inout Collector) {
        let q = query.baseAddress!, bytesPerRow = self.bytesPerRow
        var best = TopK(k: probeCount(for: parameters), largerIsCloser: false)
        centroids.withUnsafeBufferPointer { c in
            for list in 0..<listCount {
                let d = Float(Distance.hammingBitCount(q, c.baseAddress! + list &* bytesPerRow, bytesPerRow))
                if best.accepts(d) { best.push(score: d, label: list) }
            }
        }
        var scorer = BinaryListScorer(query: query, metric: spec.metric)
        IVFListScan.scan(lists: lists, probes: best.sortedResults(), scorer: &scorer, allowed: allowed,
                         collector: &collector)
    }
}

/// Exact HAMMING bit counts or JACCARD distances of packed rows: the BinaryRowScorer's, so a
/// row scores as it does in BIN_FLAT and the exact scans.
struct BinaryListScorer: IVFListScorer {
    let query: UnsafeBufferPointer<UInt8>
    let metric: Metric

    mutating func prepare(list: Int, coarseScore: Float) {}

    func score(codes: UnsafePointer<UInt8>, rowCount: Int, into scores: UnsafeMutablePointer<Float>) {
        BinaryRowScorer(metric: metric, query: query, rows: UnsafeBufferPointer(start: codes, count: rowCount &* query.count),
                        bytesPerRow: query.count)
            .scoreRows(startingAt: 0, into: UnsafeMutableBufferPointer(start: scores, count: rowCount))
    }
}
