// IVFIndex: IVF_FLAT, IVF_SQ8 and IVF_PQ on one skeleton (faiss's IndexIVF): a coarse
// quantizer of `listCount` centroids, inverted lists of (row id, code), and a list scorer per
// code type (FlatCodes, ScalarQuantizer, ProductQuantizer). Build trains k-means on a seeded
// sample of at most max(nlist * 39, 10_000) rows, assigns every row to its nearest centroid
// (sgemm in blocks), then encodes each row into its list slot.
// Choices, documented: nlist larger than the row count is clamped to the row count (an empty
// index has no lists); nprobe defaults to 8 and is clamped to 1...listCount; COSINE rows and
// queries are normalised to unit length and searched by inner product, so the reported score
// is the cosine similarity; SQ8 and PQ scores are computed on decoded codes (approximate).
// Invariants: labels are 0..<count; lists hold every row exactly once; search never returns
// a row cleared in `allowed`; immutable after build or deserialize.
// Ownership: all stored properties are immutable value types, so the index is Sendable and
// `search` is safe from many threads at once (each call owns its scratch).

import QuiverKernels

/// The code stored per row, and what it needs to be decoded.
enum IVFEncoding: Sendable {
    case flat
    case scalar(ScalarQuantizer)
    case product(ProductQuantizer)

    var memoryByteCount: Int {
        switch self {
        case .flat: return 0
        case .scalar(let quantizer): return quantizer.memoryByteCount
        case .product(let quantizer): return quantizer.memoryByteCount
        }
    }
}

package final class IVFIndex: CollectingIndex {
    package typealias Element = Float
    package let spec: IndexSpec
    package let dimension: Int
    package let count: Int
    // Immutable after init.
    let quantizer: CoarseQuantizer
    let lists: InvertedLists
    let encoding: IVFEncoding

    /// nprobe when the search parameters leave it unset (Milvus's default is 8 too).
    package static let defaultProbeCount = 8
    /// k-means iterations for the coarse quantizer and for each PQ sub-quantizer.
    package static let trainingIterationCount = KMeans.defaultIterationCount

    init(spec: IndexSpec, dimension: Int, quantizer: CoarseQuantizer, lists: InvertedLists, encoding: IVFEncoding) {
        precondition(quantizer.dimension == dimension && lists.listCount == quantizer.listCount, "IVF parts disagree")
        self.spec = spec
        self.dimension = dimension
        self.count = lists.rowCount
        self.quantizer = quantizer
        self.lists = lists
        self.encoding = encoding
    }

    /// Lists actually built: min(nlist, count).
    package var listCount: Int { quantizer.listCount }

    /// Rows per list, in list order (diagnostics and tests).
    package var listSizes: [Int] { (0..<listCount).map { lists.size(ofList: $0) } }

    /// Centroids, list row ids and codes, codebooks, offsets: everything the index holds. Per row that is
    /// 4 bytes of row id plus the code (IVF_FLAT 4 * dimension, IVF_SQ8 dimension, IVF_PQ ceil(m * nbits / 8)).
    package var memoryByteCount: Int {
        quantizer.memoryByteCount + lists.memoryByteCount + encoding.memoryByteCount
    }

    /// Bytes of code per row (without the 4-byte row id).
    package var codeByteCount: Int { lists.codeByteCount }

    /// Builds over `vectors` (row-major, a multiple of `dimension` floats; rows are the labels).
    /// Throws for a kind outside IVF_FLAT/IVF_SQ8/IVF_PQ, parameters outside Milvus's ranges, or a bad shape.
    package static func build(spec: IndexSpec, vectors: UnsafeBufferPointer<Float>, dimension: Int, seed: UInt64 = 42,
                             progress: ((String) -> Void)? = nil) throws(IndexSpecError) -> IVFIndex {
        let spec = spec.resolved()
        guard [.ivfFlat, .ivfSQ8, .ivfPQ].contains(spec.kind) else {
            throw IndexSpecError("IVFIndex builds IVF_FLAT, IVF_SQ8 or IVF_PQ, not \(spec.kind.rawValue)")
        }
        guard dimension > 0 else { throw IndexSpecError("dimension must be > 0, got \(dimension)") }
        try spec.validate(dimension: dimension)
        guard vectors.count % dimension == 0 else {
            throw IndexSpecError("\(vectors.count) floats are not whole rows of dimension \(dimension)")
        }
        let rowCount = vectors.count / dimension
        guard rowCount <= min(IndexSerialization.maxRowCount, Int(Int32.max)) else {
            throw IndexSpecError("\(rowCount) rows exceed the IVF limit of \(Int32.max)")
        }
        guard spec.metric == .cosine else {
            return IVFIndexBuilder(spec: spec, dimension: dimension, seed: seed, progress: progress).build(rows: vectors)
        }
        var normalized = Array(vectors)
        normalized.withUnsafeMutableBufferPointer {
            IVFKernels.normalizeRows($0, rowCount: rowCount, dimension: dimension)
        }
        return normalized.withUnsafeBufferPointer {
            IVFIndexBuilder(spec: spec, dimension: dimension, seed: seed, progress: progress).build(rows: $0)
        }
    }
}
