// IVFIndex codec: the body that follows IndexSerialization's header for IVF_FLAT, IVF_SQ8 and
// IVF_PQ. Derived data (centroid norms, transposed PQ codebooks) is recomputed on load.
//
//   body       := listCount u32le | parameters | centroids f32le[listCount * dimension]
//                 | listSizes u32le[listCount] | rowIDs u32le[count] | codes u8[count * codeByteCount]
//   parameters := (IVF_FLAT) nothing
//               | (IVF_SQ8)  minimums f32le[dimension] | scales f32le[dimension]
//               | (IVF_PQ)   m u32le | nbits u8 | codebooks f32le[m * 2^nbits * dimension / m]
//   codeByteCount: IVF_FLAT 4 * dimension (the row's f32le values), IVF_SQ8 dimension,
//                  IVF_PQ ceil(m * nbits / 8)
//   Rows of list i are the next listSizes[i] entries of rowIDs/codes, ascending within a list.
//
// Invariants checked on decode (throwing, never trapping): the header is an IVF float kind;
// listCount == min(nlist, count); m and nbits agree with the spec; list sizes sum to count;
// every row id is < count and appears once; SQ8 scales are finite and >= 0; every length is
// checked against the remaining bytes before allocation; no trailing bytes.
// Ownership: stateless functions over an immutable index.

import QuiverKernels

extension IVFIndex {
    package func serialized() -> [UInt8] {
        var writer = ByteWriter(capacity: 64 + memoryByteCount)
        IndexSerialization.writeHeader(spec: spec, dimension: dimension, count: count, into: &writer)
        writer.writeUInt32LE(UInt32(listCount))
        switch encoding {
        case .flat:
            break
        case .scalar(let sq):
            writer.writeFloats(sq.minimums)
            writer.writeFloats(sq.scales)
        case .product(let pq):
            writer.writeUInt32LE(UInt32(pq.subquantizerCount))
            writer.writeUInt8(UInt8(pq.bitsPerCode))
            writer.writeFloats(pq.codebooks)
        }
        writer.writeFloats(quantizer.centroids)
        IVFCodec.writeLists(lists, into: &writer)
        return writer.bytes
    }

    package static func deserialize(_ bytes: [UInt8]) throws(IndexCodecError) -> IVFIndex {
        var reader = ByteReader(bytes)
        let (spec, dimension, count) = try IndexSerialization.readHeader(&reader)
        guard [.ivfFlat, .ivfSQ8, .ivfPQ].contains(spec.kind) else {
            throw IndexCodecError(offset: 0, reason: "expected an IVF_FLAT, IVF_SQ8 or IVF_PQ index, found \(spec.kind.rawValue)")
        }
        let listCount = try IVFCodec.readListCount(&reader, spec: spec, rowCount: count)
        let encoding: IVFEncoding
        let codeByteCount: Int
        switch spec.kind {
        case .ivfSQ8:
            let minimums = try IVFCodec.readFloats(&reader, count: dimension, what: "SQ8 minimums")
            let scalesOffset = reader.offset
            let scales = try IVFCodec.readFloats(&reader, count: dimension, what: "SQ8 scales")
            guard scales.allSatisfy({ $0.isFinite && $0 >= 0 }), minimums.allSatisfy({ $0.isFinite }) else {
                throw IndexCodecError(offset: scalesOffset, reason: "SQ8 ranges are not finite and non-negative")
            }
            let sq = ScalarQuantizer(dimension: dimension, minimums: minimums, scales: scales)
            encoding = .scalar(sq)
            codeByteCount = sq.codeByteCount
        case .ivfPQ:
            let parametersOffset = reader.offset
            let m = Int(try IVFCodec.readUInt32(&reader))
            let nbits = Int(try IndexSerialization.read(&reader) { (r: inout ByteReader) throws(ByteReaderError) in
                try r.readUInt8()
            })
            let specM = spec.parameter("m", default: IndexSpec.defaultPQSubquantizers(dimension: dimension))
            let specNbits = spec.parameter("nbits", default: 8)
            guard m == specM, nbits == specNbits else {
                throw IndexCodecError(offset: parametersOffset, reason: "PQ m \(m) / nbits \(nbits) disagree with the spec's \(specM) / \(specNbits)")
            }
            let codebooks = try IVFCodec.readFloats(&reader, count: (1 << nbits) * dimension, what: "PQ codebooks")
            let pq = ProductQuantizer(dimension: dimension, subquantizerCount: m, bitsPerCode: nbits, codebooks: codebooks)
            encoding = .product(pq)
            codeByteCount = pq.codeByteCount
        default:
            encoding = .flat
            codeByteCount = FlatCodes.codeByteCount(dimension: dimension)
        }
        let centroids = try IVFCodec.readFloats(&reader, count: listCount * dimension, what: "centroids")
        let lists = try IVFCodec.readLists(&reader, listCount: listCount, rowCount: count, codeByteCount: codeByteCount)
        try IndexSerialization.requireEnd(reader)
        let quantizer = CoarseQuantizer(centroids: centroids, listCount: listCount, dimension: dimension,
                                        probeMetric: spec.metric == .innerProduct ? .innerProduct : .l2)
        return IVFIndex(spec: spec, dimension: dimension, quantizer: quantizer, lists: lists, encoding: encoding)
    }
}

/// Body pieces shared by IVFIndex and BinaryIVFIndex.
enum IVFCodec {
    /// listCount u32le, which must be min(nlist, rowCount) as the build makes it.
    static func readListCount(_ reader: inout ByteReader, spec: IndexSpec, rowCount: Int) throws(IndexCodecError) -> Int {
        let offset = reader.offset
        let listCount = Int(try readUInt32(&reader))
        let expected = min(spec.parameter("nlist", default: 128), rowCount)
        guard listCount == expected else {
            throw IndexCodecError(offset: offset, reason: "list count \(listCount), expected \(expected)")
        }
        return listCount
    }

    /// The lists as `readLists` reads them.
    static func writeLists(_ lists: InvertedLists, into writer: inout ByteWriter) {
        for list in 0..<lists.listCount { writer.writeUInt32LE(UInt32(lists.size(ofList: list))) }
        for row in lists.rowIDs { writer.writeUInt32LE(row) }
        writer.writeBytes(lists.codes)
    }

    static func readUInt32(_ reader: inout ByteReader) throws(IndexCodecError) -> UInt32 {
        try IndexSerialization.read(&reader) { (r: inout ByteReader) throws(ByteReaderError) in try r.readUInt32LE() }
    }

    static func readFloats(_ reader: inout ByteReader, count: Int, what: String) throws(IndexCodecError) -> [Float] {
        try IndexSerialization.requireRemaining(reader, count: count, itemByteCount: 4, what: what)
        return try IndexSerialization.read(&reader) { (r: inout ByteReader) throws(ByteReaderError) in
            try r.readFloats(count: count)
        }
    }

    static func readBytes(_ reader: inout ByteReader, count: Int, what: String) throws(IndexCodecError) -> [UInt8] {
        try IndexSerialization.requireRemaining(reader, count: count, itemByteCount: 1, what: what)
        return try IndexSerialization.read(&reader) { (r: inout ByteReader) throws(ByteReaderError) in
            try r.readBytes(count: count)
        }
    }

    /// listSizes u32le[listCount] | rowIDs u32le[rowCount] | codes u8[rowCount * codeByteCount], checked.
    static func readLists(_ reader: inout ByteReader, listCount: Int, rowCount: Int,
                          codeByteCount: Int) throws(IndexCodecError) -> InvertedLists {
        try IndexSerialization.requireRemaining(reader, count: listCount, itemByteCount: 4, what: "list sizes")
        let sizesOffset = reader.offset
        var offsets = [Int](repeating: 0, count: listCount + 1)
        for list in 0..<listCount {
            let size = Int(try readUInt32(&reader))
            offsets[list + 1] = offsets[list] + size
            guard offsets[list + 1] <= rowCount else {
                throw IndexCodecError(offset: sizesOffset, reason: "list sizes exceed the row count \(rowCount)")
            }
        }
        guard offsets[listCount] == rowCount else {
            throw IndexCodecError(offset: sizesOffset, reason: "list sizes sum to \(offsets[listCount]), expected \(rowCount)")
        }
        try IndexSerialization.requireRemaining(reader, count: rowCount, itemByteCount: 4, what: "row ids")
        var seen = Bitset(count: rowCount)
        var rowIDs = [UInt32](repeating: 0, count: rowCount)
        for slot in 0..<rowCount {
            let rowOffset = reader.offset
            let row = try readUInt32(&reader)
            guard Int(row) < rowCount, !seen[Int(row)] else {
                throw IndexCodecError(offset: rowOffset, reason: "row id \(row) is out of range or repeated (\(rowCount) rows)")
            }
            seen[Int(row)] = true
            rowIDs[slot] = row
        }
        let (codeTotal, overflow) = rowCount.multipliedReportingOverflow(by: codeByteCount)
        guard !overflow else { throw IndexCodecError(offset: reader.offset, reason: "code size overflows") }
        let codes = try readBytes(&reader, count: codeTotal, what: "codes")
        return InvertedLists(listCount: listCount, codeByteCount: codeByteCount, listOffsets: offsets,
                             rowIDs: rowIDs, codes: codes)
    }
}
