// FlatIndex: exact search over a private copy of a segment's float vectors (FLAT; faiss's
// IndexFlat). Also the oracle other indexes are measured against, so it never approximates.
//
//   body := vectors f32le[count * dimension]          (row-major; norms are recomputed on load)
//
// Invariants: `vectors.count == count * dimension`; for COSINE `norms[row]` is the L2 norm of
// row `row`, computed with the same kernel the scan uses, so a row scores identically through
// every path; results are best first, ties by the smaller row.
// Ownership: immutable after build/deserialize; search is safe from many threads at once.

import QuiverKernels

package final class FlatIndex: FloatVectorIndex {
    package let spec: IndexSpec
    package let dimension: Int
    package let count: Int
    // Immutable after init.
    private let vectors: [Float]
    /// Row L2 norms (COSINE only; empty otherwise).
    private let norms: [Float]

    /// Rows scored per DistanceScan call: bounds the scratch buffer a search allocates.
    static let scanBlockRowCount = 4096

    init(spec: IndexSpec, vectors: [Float], dimension: Int) {
        precondition(spec.kind == .flat && !spec.metric.isForBinaryVectors, "FlatIndex needs FLAT with a float metric")
        precondition(dimension > 0 && vectors.count % dimension == 0, "\(vectors.count) floats are not rows of \(dimension)")
        self.spec = spec
        self.dimension = dimension
        self.count = vectors.count / dimension
        self.vectors = vectors
        if spec.metric == .cosine {
            let count = self.count
            norms = vectors.withUnsafeBufferPointer { base in
                (0..<count).map { row in
                    Distance.normSquared(UnsafeBufferPointer(rebasing: base[(row * dimension)..<((row + 1) * dimension)])).squareRoot()
                }
            }
        } else {
            norms = []
        }
    }

    /// Copies `vectors` (row-major, a multiple of `dimension` floats).
    package static func build(spec: IndexSpec, vectors: UnsafeBufferPointer<Float>, dimension: Int) -> FlatIndex {
        FlatIndex(spec: spec.resolved(), vectors: Array(vectors), dimension: dimension)
    }

    package var memoryByteCount: Int { (vectors.count + norms.count) * MemoryLayout<Float>.stride }

    package func search(_ query: UnsafeBufferPointer<Float>, k: Int, parameters: IndexSearchParameters,
                       allowed: Bitset?) -> [IndexHit] {
        precondition(query.count == dimension, "query has \(query.count) floats, index dimension \(dimension)")
        guard k > 0, count > 0 else { return [] }
        var top = TopK(k: min(k, count), largerIsCloser: spec.metric.largerIsCloser)
        scan(query, allowed: allowed) { row, score in
            if top.accepts(score) { top.push(score: score, label: row) }
        }
        return top.sortedHits()
    }

    package func rangeSearch(_ query: UnsafeBufferPointer<Float>, radius: Float, rangeFilter: Float?, limit: Int,
                            parameters: IndexSearchParameters, allowed: Bitset?) -> [IndexHit] {
        precondition(query.count == dimension, "query has \(query.count) floats, index dimension \(dimension)")
        guard limit > 0, count > 0 else { return [] }
        let window = RangeSearchWindow(metric: spec.metric, radius: radius, rangeFilter: rangeFilter)
        var hits: [IndexHit] = []
        scan(query, allowed: allowed) { row, score in
            if window.contains(score) { hits.append(IndexHit(row: row, score: score)) }
        }
        return window.bestFirst(hits, limit: limit)
    }

    package func serialized() -> [UInt8] {
        var writer = ByteWriter(capacity: 64 + vectors.count * 4)
        IndexSerialization.writeHeader(spec: spec, dimension: dimension, count: count, into: &writer)
        writer.writeFloats(vectors)
        return writer.bytes
    }

    package static func deserialize(_ bytes: [UInt8]) throws(IndexCodecError) -> FlatIndex {
        var reader = ByteReader(bytes)
        let header = try IndexSerialization.readHeader(&reader)
        guard header.spec.kind == .flat, !header.spec.metric.isForBinaryVectors else {
            throw IndexCodecError(offset: 0, reason: "expected a FLAT float index, found \(header.spec.kind.rawValue)/\(header.spec.metric.rawValue)")
        }
        let (floatCount, overflow) = header.count.multipliedReportingOverflow(by: header.dimension)
        guard !overflow else { throw IndexCodecError(offset: reader.offset, reason: "row count x dimension overflows") }
        try IndexSerialization.requireRemaining(reader, count: floatCount, itemByteCount: 4, what: "FLAT vectors")
        let vectors = try IndexSerialization.read(&reader) { (r: inout ByteReader) throws(ByteReaderError) in
            try r.readFloats(count: floatCount)
        }
        try IndexSerialization.requireEnd(reader)
        return FlatIndex(spec: header.spec, vectors: vectors, dimension: header.dimension)
    }

    // MARK: Scan

    /// Calls `visit(row, score)` for every row (set in `allowed`, when given), ascending rows.
    /// Dense filters scan whole blocks and skip cleared rows; sparse ones score only set rows.
    private func scan(_ query: UnsafeBufferPointer<Float>, allowed: Bitset?, _ visit: (Int, Float) -> Void) {
        if let allowed { precondition(allowed.count == count, "allowed has \(allowed.count) bits, index \(count) rows") }
        let blockRowCount = min(count, FlatIndex.scanBlockRowCount)
        var scores = [Float](repeating: 0, count: blockRowCount)
        vectors.withUnsafeBufferPointer { base in
            norms.withUnsafeBufferPointer { allNorms in
                scores.withUnsafeMutableBufferPointer { scoreBuffer in
                    if let allowed, allowed.setCount * 4 < count {
                        for row in allowed.setIndices() {
                            scoreRows(query, base, allNorms, first: row, rowCount: 1, into: scoreBuffer)
                            visit(row, scoreBuffer[0])
                        }
                        return
                    }
                    var first = 0
                    while first < count {
                        let rowCount = min(blockRowCount, count - first)
                        scoreRows(query, base, allNorms, first: first, rowCount: rowCount, into: scoreBuffer)
                        for i in 0..<rowCount where allowed?[first + i] ?? true {
                            visit(first + i, scoreBuffer[i])
                        }
                        first += rowCount
                    }
                }
            }
        }
    }

    @inline(__always)
    private func scoreRows(_ query: UnsafeBufferPointer<Float>, _ base: UnsafeBufferPointer<Float>,
                           _ allNorms: UnsafeBufferPointer<Float>, first: Int, rowCount: Int,
                           into scores: UnsafeMutableBufferPointer<Float>) {
        let rows = UnsafeBufferPointer(rebasing: base[(first * dimension)..<((first + rowCount) * dimension)])
        let rowNorms = allNorms.isEmpty ? nil : UnsafeBufferPointer(rebasing: allNorms[first..<(first + rowCount)])
        DistanceScan.scoreFloatRows(metric: spec.metric, query: query, base: rows, dimension: dimension,
                                    baseNorms: rowNorms, into: UnsafeMutableBufferPointer(rebasing: scores[0..<rowCount]))
    }
}
