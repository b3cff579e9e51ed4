// BinaryFlatIndex: exact search over a private copy of a segment's packed binary vectors
// (BIN_FLAT; faiss's IndexBinaryFlat) with HAMMING or JACCARD. Search is ExactScan with a
// BinaryRowScorer, the loop every exact path shares.
//
//   body := codes u8[count * dimension / 8]          (row-major, dimension / 8 bytes per row)
//
// Invariants: dimension (bits) is a positive multiple of 8; `codes.count == count * bytesPerRow`;
// results are best first (smaller score), ties by the smaller row.
// Ownership: immutable after build/deserialize; search is safe from many threads at once.

import QuiverKernels

package final class BinaryFlatIndex: CollectingIndex {
    package typealias Element = UInt8
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

    package var queryWidth: Int { bytesPerRow }

    /// Every allowed row, scored exactly.
    package func collect<Collector: HitCollector>(_ query: UnsafeBufferPointer<UInt8>, parameters: IndexSearchParameters,
                                                  allowed: Bitset?, into collector: inout Collector) {
        codes.withUnsafeBufferPointer { rows in
            ExactScan.scan(BinaryRowScorer(metric: spec.metric, query: query, rows: rows, bytesPerRow: bytesPerRow),
                           allowed: allowed, into: &collector)
        }
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
}
