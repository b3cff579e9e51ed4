// HNSWSerialization: HNSWIndex as bytes, after the shared header (IndexSerialization.swift).
//
//   body   := M u32le | maxLevel u8 | entryPoint u32le | levels u8[count] | level0 | upper
//   level0 := record[count]        ; record := linkCount u32le | ids u32le[2M] | vector f32le[dimension]
//   upper  := for each row r with levels[r] > 0, ascending, for each level 1...levels[r]:
//             linkCount u32le | ids u32le[M]
//
// entryPoint is 0xFFFFFFFF and maxLevel 0 when count is 0. COSINE vectors are stored
// normalised. Unused id slots are zero when written and ignored when read. level0 and upper
// are the in-memory buffers verbatim (little-endian hosts only), so decoding copies them once.
// Example: L2, M 2 (so 4 level-0 slots), dimension 1, rows [1.0] and [2.0], both at level 0,
// linked to each other, entry row 0; after the header's spec JSON
// {"kind":"HNSW","metric":"L2","parameters":{"M":2,"efConstruction":8}}:
//   02 00 00 00 | 00 | 00 00 00 00 | 00 00
//   | 01 00 00 00  01 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00  00 00 80 3f     (row 0)
//   | 01 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 40     (row 1)
// Invariants checked on decode (each one keeps a later search inside its buffers): M matches
// the spec; every byte count fits the input before anything is allocated; link counts are
// within capacity; every id is < count and names a row whose level is >= the link's level;
// the entry point is a row of the top level and the top level is the largest level; no bytes
// trail. Float payloads carry no checksum here (storage adds a CRC32C around the blob).
// HNSW_SQ is serialized exactly like HNSW (its spec in the header says HNSW_SQ); its SQ8 codes
// are derived from the float vectors on decode (HNSWCodeGraph), not stored.
// Ownership: stateless; called by HNSWIndex.

#if _endian(big)
#error("HNSW serialization copies little-endian buffers verbatim")
#endif

import QuiverKernels

extension HNSWIndex {
    package func serialized() -> [UInt8] {
        var writer = ByteWriter(capacity: 128 + graph.byteCount)
        IndexSerialization.writeHeader(spec: spec, dimension: dimension, count: count, into: &writer)
        writer.writeUInt32LE(UInt32(graph.maxM))
        writer.writeUInt8(UInt8(graph.maxLevel))
        writer.writeUInt32LE(graph.entryPoint)
        writer.writeBytes(UnsafeRawBufferPointer(start: graph.levels, count: count))
        writer.writeBytes(UnsafeRawBufferPointer(start: graph.level0, count: count * graph.recordByteCount))
        writer.writeBytes(UnsafeRawBufferPointer(start: graph.upperLinks, count: graph.upperSlotCount * 4))
        return writer.bytes
    }

    package static func deserialize(_ bytes: [UInt8]) throws(IndexCodecError) -> HNSWIndex {
        var reader = ByteReader(bytes)
        let (spec, dimension, count) = try IndexSerialization.readHeader(&reader)
        guard spec.kind.isHNSW, !spec.metric.isForBinaryVectors else {
            throw IndexCodecError(offset: 0, reason: "expected an HNSW float index, found \(spec.kind.rawValue)/\(spec.metric.rawValue)")
        }
        let mOffset = reader.offset
        let maxM = Int(try IndexSerialization.read(&reader) { (r: inout ByteReader) throws(ByteReaderError) in try r.readUInt32LE() })
        guard maxM == spec.parameter("M", default: defaultM) else {
            throw IndexCodecError(offset: mOffset, reason: "HNSW body M \(maxM) disagrees with the spec")
        }
        let maxLevel = Int(try IndexSerialization.read(&reader) { (r: inout ByteReader) throws(ByteReaderError) in try r.readUInt8() })
        let entryOffset = reader.offset
        let entryPoint = try IndexSerialization.read(&reader) { (r: inout ByteReader) throws(ByteReaderError) in try r.readUInt32LE() }
        try IndexSerialization.requireRemaining(reader, count: count, itemByteCount: 1, what: "HNSW levels")
        let levels = try IndexSerialization.read(&reader) { (r: inout ByteReader) throws(ByteReaderError) in try r.readBytes(count: count) }

        if count == 0 {
            guard entryPoint == HNSWGraph.noNode, maxLevel == 0 else {
                throw IndexCodecError(offset: entryOffset, reason: "empty HNSW index with an entry point")
            }
        } else {
            guard Int(entryPoint) < count, Int(levels[Int(entryPoint)]) == maxLevel,
                  maxLevel == Int(levels.max() ?? 0) else {
                throw IndexCodecError(offset: entryOffset, reason: "HNSW entry point \(entryPoint) is not a node of the top level \(maxLevel)")
            }
        }
        let recordByteCount = 4 * (1 + 2 * maxM) + 4 * dimension
        let upperSlotCount = levels.reduce(0) { $0 + Int($1) } * (1 + maxM)
        try IndexSerialization.requireRemaining(reader, count: count, itemByteCount: recordByteCount, what: "HNSW level 0")
        let level0ByteCount = count * recordByteCount
        guard reader.remaining - level0ByteCount == upperSlotCount * 4 else {
            throw IndexCodecError(offset: reader.offset + level0ByteCount,
                                  reason: "HNSW upper levels need \(upperSlotCount * 4) bytes, \(reader.remaining - level0ByteCount) remain")
        }

        let graph = HNSWGraph(dimension: dimension, maxM: maxM, usesInnerProduct: spec.metric != .l2, levels: levels)
        let level0Offset = reader.offset
        let upperOffset = level0Offset + level0ByteCount
        bytes.withUnsafeBytes { raw in
            graph.level0.copyMemory(from: raw.baseAddress! + level0Offset, byteCount: level0ByteCount)
            UnsafeMutableRawPointer(graph.upperLinks).copyMemory(from: raw.baseAddress! + upperOffset, byteCount: upperSlotCount * 4)
        }
        for node in 0..<UInt32(count) {
            let level = Int(levels[Int(node)])
            for linkLevel in 0...level {
                if let problem = graph.linkProblem(node, level: linkLevel) {
                    let listOffset = linkLevel == 0
                        ? level0Offset + Int(node) * recordByteCount
                        : upperOffset + (graph.upperStart[Int(node)] + (linkLevel - 1) * (1 + maxM)) * 4
                    throw IndexCodecError(offset: listOffset, reason: "HNSW row \(node) level \(linkLevel): \(problem)")
                }
            }
        }
        graph.entryPoint = entryPoint
        graph.maxLevel = maxLevel
        return HNSWIndex(spec: spec, graph: graph)
    }
}

extension HNSWGraph {
    /// Why the link list of `node` at `level` would make a search leave its buffers, or nil.
    func linkProblem(_ node: UInt32, level: Int) -> String? {
        let list = links(node, level: level)
        let linkCount = Int(list[0])
        guard linkCount <= capacity(level: level) else {
            return "\(linkCount) links exceed the capacity \(capacity(level: level))"
        }
        for i in 0..<linkCount {
            let neighbour = Int(list[1 + i])
            guard neighbour < count else { return "link to row \(neighbour) outside 0..<\(count)" }
            guard Int(levels[neighbour]) >= level else {
                return "link to row \(neighbour), which has no level \(level)"
            }
        }
        return nil
    }
}
