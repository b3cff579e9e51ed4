// IndexFile: frames a segment's serialized ANN index (bytes from QuiverIndex) for disk, one file
// per segment and vector field: `<segment id>.<field>.qidx`, written like every file (tmp, fsync,
// rename, fsync dir) and referenced by the catalog's segment_indexes row.
//
//   indexFile := magic "QIXF" | formatVersion u16 (=1) | reserved u16 | collectionID u64
//                | segmentID u64 | field str | payloadLength u64 | payload | crc u32
//                ; crc = masked crc32c of every byte before it; str := len u32 | UTF-8
//
// Worked example: segment 3 of collection 1, field "v", a 100-byte index:
//   "QIXF" 01 00 00 00 | 01 00.. | 03 00.. | 01 00 00 00 "v" | 64 00 00 00 00 00 00 00 | 100 bytes | CRC

import QuiverKernels

enum IndexFile {
    static let magic: [UInt8] = Array("QIXF".utf8)

    static func fileName(segmentID: Int64, field: String) -> String {
        "\(SegmentFiles.paddedID(segmentID)).\(field).qidx"
    }

    static func encode(_ payload: [UInt8], collectionID: Int64, segmentID: Int64, field: String) -> [UInt8] {
        var writer = ByteWriter(capacity: payload.count + 64)
        writer.writeBytes(magic)
        writer.writeUInt16LE(1)
        writer.writeUInt16LE(0)
        writer.writeInt64LE(collectionID)
        writer.writeInt64LE(segmentID)
        writer.writeString(field)
        writer.writeUInt64LE(UInt64(payload.count))
        writer.writeBytes(payload)
        writer.writeUInt32LE(CRC32C.masked(CRC32C.checksum(writer.bytes)))
        return writer.bytes
    }

    /// The payload, after every stamp checked.
    static func decode(_ bytes: [UInt8], collectionID: Int64, segmentID: Int64, field: String) throws(CodecError) -> [UInt8] {
        guard bytes.count >= 36 else { throw CodecError("file of \(bytes.count) bytes is too short", offset: 0) }
        let crcOffset = bytes.count - 4
        let crc = bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<crcOffset])) }
        var reader = ByteReader(bytes, range: 0..<crcOffset)
        guard ByteReader(bytes).getUInt32LE(at: crcOffset) == CRC32C.masked(crc) else {
            throw CodecError("checksum mismatch", offset: crcOffset)
        }
        do {
            guard try reader.readBytes(count: 4) == magic else { throw CodecError("bad magic", offset: 0) }
            guard try reader.readUInt16LE() == 1 else { throw CodecError("unsupported format version", offset: 4) }
            _ = try reader.readUInt16LE()
            let fileCollection = try reader.readInt64LE()
            let fileSegment = try reader.readInt64LE()
            let fileField = try reader.readString()
            guard fileCollection == collectionID, fileSegment == segmentID, fileField == field else {
                throw CodecError("index of segment \(fileSegment) field '\(fileField.prefix(64))', expected segment \(segmentID) field '\(field)'", offset: 8)
            }
            let length = try reader.readUInt64LE()
            guard length == UInt64(reader.remaining) else { throw CodecError("payload length \(length) does not match the file", offset: reader.offset - 8) }
            return try reader.readBytes(count: Int(length))
        } catch let error as CodecError {
            throw error
        } catch {
            throw CodecError("\(error)", offset: reader.offset)
        }
    }
}
