// BinaryIVFIndex codec: the body that follows IndexSerialization's header for BIN_IVF_FLAT.
//
//   body := listCount u32le | centroids u8[listCount * dimension / 8]
//           | listSizes u32le[listCount] | rowIDs u32le[count] | rows u8[count * dimension / 8]
//
// Invariants checked on decode (throwing, never trapping): the header is BIN_IVF_FLAT with a
// dimension that is a multiple of 8; listCount == min(nlist, count); list sizes sum to count;
// every row id is < count and appears once; lengths are checked before allocation; no trailing
// bytes.
// Ownership: stateless functions over an immutable index.

import QuiverKernels

extension BinaryIVFIndex {
    package func serialized() -> [UInt8] {
        var writer = ByteWriter(capacity: 64 + memoryByteCount)
        IndexSerialization.writeHeader(spec: spec, dimension: dimension, count: count, into: &writer)
        writer.writeUInt32LE(UInt32(listCount))
        writer.writeBytes(centroids)
        IVFCodec.writeLists(lists, into: &writer)
        return writer.bytes
    }

    package static func deserialize(_ bytes: [UInt8]) throws(IndexCodecError) -> BinaryIVFIndex {
        var reader = ByteReader(bytes)
        let (spec, dimension, count) = try IndexSerialization.readHeader(&reader)
        guard spec.kind == .binIVFFlat else {
            throw IndexCodecError(offset: 0, reason: "expected a BIN_IVF_FLAT index, found \(spec.kind.rawValue)")
        }
        guard dimension % 8 == 0 else {
            throw IndexCodecError(offset: 8, reason: "binary dimension \(dimension) is not a multiple of 8")
        }
        let bytesPerRow = dimension / 8
        let listCount = try IVFCodec.readListCount(&reader, spec: spec, rowCount: count)
        let centroids = try IVFCodec.readBytes(&reader, count: listCount * bytesPerRow, what: "centroids")
        let lists = try IVFCodec.readLists(&reader, listCount: listCount, rowCount: count, codeByteCount: bytesPerRow)
        try IndexSerialization.requireEnd(reader)
        return BinaryIVFIndex(spec: spec, dimension: dimension, centroids: centroids, lists: lists)
    }
}
