// FlatIndex: exact search over a private copy of a segment's float vectors (FLAT; faiss's
// IndexFlat). Also the oracle other indexes are measured against, so it never approximates.
// Search is ExactScan with a FloatRowScorer, the loop every exact path shares.
//
//   body := vectors f32le[count * dimension]          (row-major; norms are recomputed on load)
//
// Invariants: `vectors.count == count * dimension`; for COSINE `norms[row]` is the L2 norm of
// row `row`, computed with the same kernel the scan uses, so a row scores identically through
// every path; results are best first, ties by the smaller row.
// Ownership: immutable after build/deserialize; search is safe from many threads at once.

import QuiverKernels

package final class FlatIndex: CollectingIndex {
    package typealias Element = Float
    package let spec: IndexSpec
    package let dimension: Int
    package let count: Int
    // Immutable after init.
    private let vectors: [Float]
    /// Row L2 norms (COSINE only; empty otherwise).
    private let norms: [Float]

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

    package var queryWidth: Int { dimension }

    /// Every allowed row, scored exactly.
    package func collect<Collector: HitCollector>(_ query: UnsafeBufferPointer<Float>, parameters: IndexSearchParameters,
                                                  allowed: Bitset?, into collector: inout Collector) {
        vectors.withUnsafeBufferPointer { rows in
            norms.withUnsafeBufferPointer { norms in
                ExactScan.scan(FloatRowScorer(metric: spec.metric, query: query, rows: rows, dimension: dimension,
                                              rowNorms: norms.isEmpty ? nil : norms),
                               allowed: allowed, into: &collector)
            }
        }
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
}
