// BinaryFlatIndex: exact search over a private copy of a segment's packed binary vectors
// (BIN_FLAT; faiss's IndexBinaryFlat) with HAMMING or JACCARD.
//
//   body := codes u8[count * dimension / 8]          (row-major, dimension / 8 bytes per row)
//
// Invariants: dimension (bits) is a positive multiple of 8; `codes.count == count * bytesPerRow`;
// results are best first (smaller score), ties by the smaller row.
// Ownership: immutable after build/deserialize; search is safe from many threads at once.

import QuiverKernels

package final class BinaryFlatIndex: BinaryVectorIndex {
    package let spec: IndexSpec
    /// Bits per vector.
    package let dimension: Int
    package let count: Int
    // Immutable after init.
    private let codes: [UInt8]
    private let bytesPerRow: Int

    init(spec: IndexSpec, codes: [UInt8], dimension: Int) {
        precondition(spec.kind == .binFlat && spec.metric.isForBinaryVectors, "BinaryFlatIndex needs BIN_FLAT with HAMMING/JACCARD")
        precondition(dimension > 0 && dimension % 8 == 0, "binary dimension \(dimension) is not a positive multiple of 8")
        precondition(codes.count % (dimension / 8) == 0, "\(codes.count) bytes are not rows of \(dimension / 8)")
        self.spec = spec
        self.dimension = dimension
        self.bytesPerRow = dimension / 8
        self.count = codes.count / (dimension / 8)
        self.codes = codes
    }

    /// Copies `vectors` (row-major, `dimension / 8` bytes per row).
    package static func build(spec: IndexSpec, vectors: UnsafeBufferPointer<UInt8>, dimension: Int) -> BinaryFlatIndex {
        BinaryFlatIndex(spec: spec.resolved(), codes: Array(vectors), dimension: dimension)
    }

    package var memoryByteCount: Int { codes.count }

    package func search(_ query: UnsafeBufferPointer<UInt8>, k: Int, parameters: IndexSearchParameters,
                       allowed: Bitset?) -> [IndexHit] {
        precondition(query.count == bytesPerRow, "query has \(query.count) bytes, index rows \(bytesPerRow)")
        guard k > 0, count > 0 else { return [] }
        var top = TopK(k: min(k, count), largerIsCloser: false)
        scan(query, allowed: allowed) { row, score in
            if top.accepts(score) { top.push(score: score, label: row) }
        }
        return top.sortedHits()
    }

    package func rangeSearch(_ query: UnsafeBufferPointer<UInt8>, radius: Float, rangeFilter: Float?, limit: Int,
                            parameters: IndexSearchParameters, allowed: Bitset?) -> [IndexHit] {
        precondition(query.count == bytesPerRow, "query has \(query.count) bytes, index rows \(bytesPerRow)")
        guard limit > 0, count > 0 else { return [] }
        let window = RangeSearchWindow(metric: spec.metric, radius: radius, rangeFilter: rangeFilter)
        var hits: [IndexHit] = []
        scan(query, allowed: allowed) { row, score in
            if window.contains(score) { hits.append(IndexHit(row: row, score: score)) }
        }
        return window.bestFirst(hits, limit: limit)
    }

    package func serialized() -> [UInt8] {
        var writer = ByteWriter(capacity: 64 + codes.count)
        IndexSerialization.writeHeader(spec: spec, dimension: dimension, count: count, into: &writer)
        writer.writeBytes(codes)
        return writer.bytes
    }

    package static func deserialize(_ bytes: [UInt8]) throws(IndexCodecError) -> BinaryFlatIndex {
        var reader = ByteReader(bytes)
        let header = try IndexSerialization.readHeader(&reader)
        guard header.spec.kind == .binFlat, header.spec.metric.isForBinaryVectors else {
            throw IndexCodecError(offset: 0, reason: "expected a BIN_FLAT index, found \(header.spec.kind.rawValue)/\(header.spec.metric.rawValue)")
        }
        guard header.dimension % 8 == 0 else {
            throw IndexCodecError(offset: 8, reason: "binary dimension \(header.dimension) is not a multiple of 8")
        }
        try IndexSerialization.requireRemaining(reader, count: header.count, itemByteCount: header.dimension / 8, what: "BIN_FLAT codes")
        let codes = try IndexSerialization.read(&reader) { (r: inout ByteReader) throws(ByteReaderError) in
            try r.readBytes(count: header.count * (header.dimension / 8))
        }
        try IndexSerialization.requireEnd(reader)
        return BinaryFlatIndex(spec: header.spec, codes: codes, dimension: header.dimension)
    }

    // MARK: Scan

    /// Calls `visit(row, score)` for every row (set in `allowed`, when given), ascending rows.
    private func scan(_ query: UnsafeBufferPointer<UInt8>, allowed: Bitset?, _ visit: (Int, Float) -> Void) {
        if let allowed { precondition(allowed.count == count, "allowed has \(allowed.count) bits, index \(count) rows") }
        let blockRowCount = min(count, FlatIndex.scanBlockRowCount)
        var scores = [Float](repeating: 0, count: blockRowCount)
        codes.withUnsafeBufferPointer { base in
            scores.withUnsafeMutableBufferPointer { scoreBuffer in
                if let allowed, allowed.setCount * 4 < count {
                    for row in allowed.setIndices() {
                        scoreRows(query, base, first: row, rowCount: 1, into: scoreBuffer)
                        visit(row, scoreBuffer[0])
                    }
                    return
                }
                var first = 0
                while first < count {
                    let rowCount = min(blockRowCount, count - first)
                    scoreRows(query, base, first: first, rowCount: rowCount, into: scoreBuffer)
                    for i in 0..<rowCount where allowed?[first + i] ?? true {
                        visit(first + i, scoreBuffer[i])
                    }
                    first += rowCount
                }
            }
        }
    }

    @inline(__always)
    private func scoreRows(_ query: UnsafeBufferPointer<UInt8>, _ base: UnsafeBufferPointer<UInt8>, first: Int,
                           rowCount: Int, into scores: UnsafeMutableBufferPointer<Float>) {
        let rows = UnsafeBufferPointer(rebasing: base[(first * bytesPerRow)..<((first + rowCount) * bytesPerRow)])
        DistanceScan.scoreBinaryRows(metric: spec.metric, query: query, base: rows, bytesPerRow: bytesPerRow,
                                     into: UnsafeMutableBufferPointer(rebasing: scores[0..<rowCount]))
    }
}
