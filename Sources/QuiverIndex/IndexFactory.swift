// IndexFactory: the one place that maps an IndexSpec to the index type that builds it, and a
// serialized index's header to the type that decodes it. Storage calls only this.
// Invariants: build validates the spec first (a bad spec throws, never traps); decode reads the
// kind from the header and hands the whole byte array to that type's decoder.

import QuiverKernels

package enum IndexFactory {
    /// Builds a float-vector index over `vectors` (row-major, rows are the labels).
    package static func buildFloat(spec: IndexSpec, vectors: UnsafeBufferPointer<Float>, dimension: Int,
                                  seed: UInt64 = 42) throws(IndexSpecError) -> any FloatVectorIndex {
        let spec = spec.resolved()
        try spec.validate(dimension: dimension)
        guard !spec.metric.isForBinaryVectors, !spec.kind.isForBinaryVectors else {
            throw IndexSpecError("index \(spec.kind.rawValue) with metric \(spec.metric.rawValue) is for binary vectors")
        }
        switch spec.kind {
        case .flat: return FlatIndex.build(spec: spec, vectors: vectors, dimension: dimension)
        case .hnsw, .hnswSQ: return HNSWIndex.build(spec: spec, vectors: vectors, dimension: dimension, seed: seed)
        case .ivfFlat, .ivfSQ8, .ivfPQ: return try IVFIndex.build(spec: spec, vectors: vectors, dimension: dimension, seed: seed)
        case .binFlat, .binIVFFlat, .autoIndex, .stlSort, .inverted:
            throw IndexSpecError("index \(spec.kind.rawValue) does not index float vectors")
        }
    }

    /// Builds a binary-vector index (`dimension` bits, dimension / 8 bytes per row).
    package static func buildBinary(spec: IndexSpec, vectors: UnsafeBufferPointer<UInt8>, dimension: Int,
                                   seed: UInt64 = 42) throws(IndexSpecError) -> any BinaryVectorIndex {
        let spec = spec.resolved()
        try spec.validate(dimension: dimension)
        switch spec.kind {
        case .binFlat, .flat:
            return BinaryFlatIndex.build(spec: IndexSpec(kind: .binFlat, metric: spec.metric), vectors: vectors, dimension: dimension)
        case .binIVFFlat: return try BinaryIVFIndex.build(spec: spec, vectors: vectors, dimension: dimension, seed: seed)
        default: throw IndexSpecError("index \(spec.kind.rawValue) does not index binary vectors")
        }
    }

    package static func decodeFloat(_ bytes: [UInt8]) throws(IndexCodecError) -> any FloatVectorIndex {
        switch try kind(of: bytes) {
        case .flat: return try FlatIndex.deserialize(bytes)
        case .hnsw, .hnswSQ: return try HNSWIndex.deserialize(bytes)
        case .ivfFlat, .ivfSQ8, .ivfPQ: return try IVFIndex.deserialize(bytes)
        case let other: throw IndexCodecError(offset: 6, reason: "index kind \(other.rawValue) is not a float-vector index")
        }
    }

    package static func decodeBinary(_ bytes: [UInt8]) throws(IndexCodecError) -> any BinaryVectorIndex {
        switch try kind(of: bytes) {
        case .binFlat: return try BinaryFlatIndex.deserialize(bytes)
        case .binIVFFlat: return try BinaryIVFIndex.deserialize(bytes)
        case let other: throw IndexCodecError(offset: 6, reason: "index kind \(other.rawValue) is not a binary-vector index")
        }
    }

    private static func kind(of bytes: [UInt8]) throws(IndexCodecError) -> IndexKind {
        var reader = ByteReader(bytes)
        return try IndexSerialization.readHeader(&reader).spec.kind
    }
}
