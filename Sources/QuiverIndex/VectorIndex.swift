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

/// An ANN index of one segment's vector field; `Element` is Float for float vectors and UInt8
/// for packed binary vectors (a query is `dimension` floats, or `dimension / 8` bytes).
package protocol VectorIndex<Element>: Sendable {
    associatedtype Element
    var spec: IndexSpec { get }
    /// Floats per vector, or bits per binary vector.
    var dimension: Int { get }
    var count: Int { get }
    /// Top-k rows for one query. `allowed` (count == self.count) limits the rows that may be
    /// returned; nil allows every row.
    func search(_ query: UnsafeBufferPointer<Element>, k: Int, parameters: IndexSearchParameters,
                allowed: Bitset?) -> [IndexHit]
    /// Every row within `radius` (and outside `rangeFilter` when given), Milvus semantics: for
    /// smaller-is-closer metrics `rangeFilter <= score < radius`; for IP/COSINE
    /// `radius < score <= rangeFilter`. At most `limit` hits, best first.
    func rangeSearch(_ query: UnsafeBufferPointer<Element>, radius: Float, rangeFilter: Float?, limit: Int,
                     parameters: IndexSearchParameters, allowed: Bitset?) -> [IndexHit]
    /// The index as bytes (with its own magic and version; storage adds the CRC).
    func serialized() -> [UInt8]
    /// Bytes of memory the index holds (vectors, codes, graph).
    var memoryByteCount: Int { get }
}

/// HNSW, IVF_* and FLAT over float vectors.
package typealias FloatVectorIndex = VectorIndex<Float>
/// BIN_FLAT and BIN_IVF_FLAT over packed binary vectors.
package typealias BinaryVectorIndex = VectorIndex<UInt8>

/// An index that answers by offering candidate rows with their scores to a HitCollector: FLAT
/// and BIN_FLAT offer every allowed row (ExactScan), IVF_* and BIN_IVF_FLAT the rows of the
/// probed lists (IVFListScan). Search and range search are this protocol's, written once for
/// float and binary indexes alike.
package protocol CollectingIndex: VectorIndex {
    /// Elements in one query: `dimension` floats, or `dimension / 8` bytes.
    var queryWidth: Int { get }
    /// Offers the rows the index considers for `query`, never one cleared in `allowed`.
    func collect<Collector: HitCollector>(_ query: UnsafeBufferPointer<Element>, parameters: IndexSearchParameters,
                                          allowed: Bitset?, into collector: inout Collector)
}

extension CollectingIndex {
    package func search(_ query: UnsafeBufferPointer<Element>, k: Int, parameters: IndexSearchParameters,
                        allowed: Bitset?) -> [IndexHit] {
        checkShapes(query, allowed)
        guard k > 0, count > 0 else { return [] }
        var collector = TopKCollector(heap: TopK(k: min(k, count), largerIsCloser: spec.metric.largerIsCloser))
        collect(query, parameters: parameters, allowed: allowed, into: &collector)
        return collector.heap.sortedHits()
    }

    package func rangeSearch(_ query: UnsafeBufferPointer<Element>, radius: Float, rangeFilter: Float?, limit: Int,
                             parameters: IndexSearchParameters, allowed: Bitset?) -> [IndexHit] {
        checkShapes(query, allowed)
        guard limit > 0, count > 0 else { return [] }
        var collector = RangeCollector(window: RangeSearchWindow(metric: spec.metric, radius: radius, rangeFilter: rangeFilter))
        collect(query, parameters: parameters, allowed: allowed, into: &collector)
        return collector.window.bestFirst(collector.hits, limit: limit)
    }

    /// A query or filter of the wrong shape is a caller bug.
    private func checkShapes(_ query: UnsafeBufferPointer<Element>, _ allowed: Bitset?) {
        precondition(query.count == queryWidth, "query has \(query.count) elements, the index \(queryWidth)")
        if let allowed { precondition(allowed.count == count, "allowed has \(allowed.count) bits, index \(count) rows") }
    }
}
