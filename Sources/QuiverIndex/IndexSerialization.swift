// IndexSerialization: the header every serialized index starts with, and the error every index
// decoder throws. The body after the header belongs to each index kind (see its file).
//
//   index  := magic "QIDX" | formatVersion u16le | kindCode u8 | metricCode u8 | dimension u32le
//             | count u64le | specJSONLength u32le | specJSON | body
//   kindCode   : FLAT 1, IVF_FLAT 2, IVF_SQ8 3, IVF_PQ 4, HNSW 5, BIN_FLAT 6, BIN_IVF_FLAT 7, HNSW_SQ 8
//   metricCode : L2 1, IP 2, COSINE 3, HAMMING 4, JACCARD 5
//   specJSON   : IndexSpec as JSON with sorted keys (kind and metric repeat the codes)
//
// Worked example, FLAT/L2, dimension 4, 2 rows, spec {"kind":"FLAT","metric":"L2","parameters":{}}:
//   51 49 44 58 | 01 00 | 01 | 01 | 04 00 00 00 | 02 00 00 00 00 00 00 00 | 2d 00 00 00 | {...45 bytes} | body
//
// Invariants: codes never change once written; readHeader throws (never traps) on any byte
// sequence, checks the JSON length against the remaining bytes before reading it, requires the
// JSON to agree with the codes and to pass IndexSpec.validate, and requires dimension > 0 and
// count < 2^32 (row labels are u32 inside graphs). Bodies must check every count against the
// reader's remaining bytes before allocating.
// Ownership: stateless; shared by every index kind in QuiverIndex.

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import QuiverKernels

/// Bytes that are not a valid serialized index: truncated, corrupt or from another version.
/// `offset` is where decoding stopped; `reason` names sizes and fields, never vector values.
package struct IndexCodecError: Error, Sendable, Equatable, CustomStringConvertible {
    package let offset: Int
    package let reason: String

    package init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    package var description: String { "corrupt index at offset \(offset): \(reason)" }
}

enum IndexSerialization {
    static let magic: [UInt8] = Array("QIDX".utf8)
    static let formatVersion: UInt16 = 1
    /// Largest row count any index accepts (labels are stored as u32, UInt32.max is "none").
    static let maxRowCount = Int(UInt32.max) - 1

    static func kindCode(_ kind: IndexKind) -> UInt8 {
        switch kind {
        case .flat: return 1
        case .ivfFlat: return 2
        case .ivfSQ8: return 3
        case .ivfPQ: return 4
        case .hnsw: return 5
        case .binFlat: return 6
        case .binIVFFlat: return 7
        case .hnswSQ: return 8
        case .autoIndex: preconditionFailure("AUTOINDEX must be resolved before it is serialized")
        case .stlSort, .inverted: preconditionFailure("scalar indexes are built in memory, never serialized")
        }
    }

    static func kind(code: UInt8) -> IndexKind? {
        [IndexKind.flat, .ivfFlat, .ivfSQ8, .ivfPQ, .hnsw, .binFlat, .binIVFFlat, .hnswSQ].first { kindCode($0) == code }
    }

    static func metricCode(_ metric: Metric) -> UInt8 {
        switch metric {
        case .l2: return 1
        case .innerProduct: return 2
        case .cosine: return 3
        case .hamming: return 4
        case .jaccard: return 5
        }
    }

    static func metric(code: UInt8) -> Metric? {
        Metric.allCases.first { metricCode($0) == code }
    }

    /// Appends the header for an index of `count` rows; `spec` must already be resolved.
    static func writeHeader(spec: IndexSpec, dimension: Int, count: Int, into writer: inout ByteWriter) {
        precondition(dimension > 0 && dimension <= Int(UInt32.max), "dimension \(dimension) out of range")
        precondition(count >= 0 && count <= maxRowCount, "row count \(count) out of range")
        writer.writeBytes(magic)
        writer.writeUInt16LE(formatVersion)
        writer.writeUInt8(kindCode(spec.kind))
        writer.writeUInt8(metricCode(spec.metric))
        writer.writeUInt32LE(UInt32(dimension))
        writer.writeUInt64LE(UInt64(count))
        writer.writeLengthPrefixed(specJSON(spec))
    }

    /// Reads and checks a header; leaves `reader` at the first body byte.
    static func readHeader(_ reader: inout ByteReader) throws(IndexCodecError) -> (spec: IndexSpec, dimension: Int, count: Int) {
        let start = reader.offset
        let magicBytes = try read(&reader) { (r: inout ByteReader) throws(ByteReaderError) in try r.readBytes(count: 4) }
        guard magicBytes == magic else { throw IndexCodecError(offset: start, reason: "bad magic, not a serialized index") }
        let version = try read(&reader) { (r: inout ByteReader) throws(ByteReaderError) in try r.readUInt16LE() }
        guard version == formatVersion else {
            throw IndexCodecError(offset: start + 4, reason: "unsupported index format version \(version), expected \(formatVersion)")
        }
        let kindOffset = reader.offset
        let kindByte = try read(&reader) { (r: inout ByteReader) throws(ByteReaderError) in try r.readUInt8() }
        guard let kind = kind(code: kindByte) else { throw IndexCodecError(offset: kindOffset, reason: "unknown index kind code \(kindByte)") }
        let metricByte = try read(&reader) { (r: inout ByteReader) throws(ByteReaderError) in try r.readUInt8() }
        guard let metric = metric(code: metricByte) else {
            throw IndexCodecError(offset: kindOffset + 1, reason: "unknown metric code \(metricByte)")
        }
        let dimensionOffset = reader.offset
        let dimension = Int(try read(&reader) { (r: inout ByteReader) throws(ByteReaderError) in try r.readUInt32LE() })
        guard dimension > 0 else { throw IndexCodecError(offset: dimensionOffset, reason: "dimension is 0") }
        let countOffset = reader.offset
        let count = try read(&reader) { (r: inout ByteReader) throws(ByteReaderError) in try r.readUInt64LE() }
        guard count <= UInt64(maxRowCount) else {
            throw IndexCodecError(offset: countOffset, reason: "row count \(count) exceeds \(maxRowCount)")
        }
        let jsonOffset = reader.offset
        let json = try read(&reader) { (r: inout ByteReader) throws(ByteReaderError) in try r.readLengthPrefixed() }
        guard let spec = try? JSONDecoder().decode(IndexSpec.self, from: Data(json)) else {
            throw IndexCodecError(offset: jsonOffset, reason: "index spec JSON (\(json.count) bytes) does not decode")
        }
        guard spec.kind == kind, spec.metric == metric else {
            throw IndexCodecError(offset: jsonOffset, reason: "index spec \(spec.kind.rawValue)/\(spec.metric.rawValue) disagrees with header codes \(kind.rawValue)/\(metric.rawValue)")
        }
        do {
            try spec.validate(dimension: dimension)
        } catch {
            throw IndexCodecError(offset: jsonOffset, reason: "invalid index spec: \(error.message)")
        }
        return (spec, dimension, Int(count))
    }

    /// Runs one ByteReader read, turning a short read into an IndexCodecError.
    @inline(__always)
    static func read<T>(_ reader: inout ByteReader,
                        _ body: (inout ByteReader) throws(ByteReaderError) -> T) throws(IndexCodecError) -> T {
        do {
            return try body(&reader)
        } catch {
            throw IndexCodecError(offset: error.offset, reason: "truncated: needed \(error.needed) bytes, have \(error.available)")
        }
    }

    /// Throws unless `count` items of `itemByteCount` bytes fit in what is left (overflow-safe);
    /// call before allocating anything sized by a count read from the input.
    static func requireRemaining(_ reader: ByteReader, count: Int, itemByteCount: Int, what: String) throws(IndexCodecError) {
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: itemByteCount)
        guard count >= 0, !overflow, byteCount <= reader.remaining else {
            throw IndexCodecError(offset: reader.offset,
                                  reason: "\(what): \(count) x \(itemByteCount) bytes exceed the \(reader.remaining) remaining")
        }
    }

    /// Throws unless the reader consumed every byte (trailing bytes mean a framing error).
    static func requireEnd(_ reader: ByteReader) throws(IndexCodecError) {
        guard reader.isAtEnd else {
            throw IndexCodecError(offset: reader.offset, reason: "\(reader.remaining) unexpected trailing bytes")
        }
    }

    static func specJSON(_ spec: IndexSpec) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(spec) else { preconditionFailure("IndexSpec always encodes") }
        return Array(data)
    }
}
