// VectorIndex: the contract every ANN index of a segment keeps (faiss's vocabulary).
// An index is built once over the rows of one immutable segment and never changes afterwards;
// its labels are the segment's row indices 0..<count. It does no file I/O: `serialized()` gives
// bytes that storage frames and checksums, and `IndexCodec.decode` reads them back.
// Invariants: search never returns a label outside 0..<count, nor one whose bit is clear in
// `allowed` when `allowed` is given; results are ordered best first for the metric's direction
// (ties by smaller label); `search` is safe to call from many threads at once.

import QuiverKernels

/// One search hit inside a segment: the row and the metric's raw score (squared L2, inner
/// product, cosine similarity, Hamming bits, Jaccard distance).
package struct IndexHit: Sendable, Equatable {
    package let row: Int
    package let score: Float
    package init(row: Int, score: Float) {
        self.row = row
        self.score = score
    }
}

/// Per-search knobs, Milvus names: `ef` (HNSW), `nprobe` (IVF). Unset means the index default.
package struct IndexSearchParameters: Sendable, Equatable {
    package var ef: Int?
    package var nprobe: Int?
    package init(ef: Int? = nil, nprobe: Int? = nil) {
        self.ef = ef
        self.nprobe = nprobe
    }
}

package protocol FloatVectorIndex: Sendable {
    var spec: IndexSpec { get }
    var dimension: Int { get }
    var count: Int { get }
    /// Top-k rows for one query (`dimension` floats). `allowed` (count == self.count) limits the
    /// rows that may be returned; nil allows every row.
    func search(_ query: UnsafeBufferPointer<Float>, k: Int, parameters: IndexSearchParameters,
                allowed: Bitset?) -> [IndexHit]
    /// Every row within `radius` (and outside `rangeFilter` when given), Milvus semantics: for
    /// L2 `rangeFilter <= score < radius`; for IP/COSINE `radius < score <= rangeFilter`.
    /// At most `limit` hits, best first.
    func rangeSearch(_ query: UnsafeBufferPointer<Float>, radius: Float, rangeFilter: Float?, limit: Int,
                     parameters: IndexSearchParameters, allowed: Bitset?) -> [IndexHit]
    /// The index as bytes (with its own magic and version; storage adds the CRC).
    func serialized() -> [UInt8]
    /// Bytes of memory the index holds (vectors, codes, graph).
    var memoryByteCount: Int { get }
}

package protocol BinaryVectorIndex: Sendable {
    var spec: IndexSpec { get }
    /// Bits per vector; rows are dimension / 8 bytes.
    var dimension: Int { get }
    var count: Int { get }
    func search(_ query: UnsafeBufferPointer<UInt8>, k: Int, parameters: IndexSearchParameters,
                allowed: Bitset?) -> [IndexHit]
    func rangeSearch(_ query: UnsafeBufferPointer<UInt8>, radius: Float, rangeFilter: Float?, limit: Int,
                     parameters: IndexSearchParameters, allowed: Bitset?) -> [IndexHit]
    func serialized() -> [UInt8]
    var memoryByteCount: Int { get }
}
