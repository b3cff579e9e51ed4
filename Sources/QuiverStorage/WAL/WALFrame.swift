// WALFrame: the byte layout of a WAL file header and of one frame (WALFormat.md).

import QuiverKernels

enum WALFrame {
    static let magic: [UInt8] = Array("QWAL".utf8)
    static let formatVersion: UInt16 = 1
    static let fileHeaderByteCount = 28
    static let frameHeaderByteCount = 17
    /// A record larger than this is refused before it is written (and treated as damage when read).
    static let maxPayloadByteCount = 1 << 30

    static func fileHeader(collectionID: Int64, firstSequence: UInt64) -> [UInt8] {
        var writer = ByteWriter(capacity: fileHeaderByteCount)
        writer.writeBytes(magic)
        writer.writeUInt16LE(formatVersion)
        writer.writeUInt16LE(0)
        writer.writeInt64LE(collectionID)
        writer.writeUInt64LE(firstSequence)
        writer.writeUInt32LE(CRC32C.masked(CRC32C.checksum(writer.bytes)))
        return writer.bytes
    }

    static func frame(type: WALRecordType, sequence: UInt64, payload: [UInt8]) -> [UInt8] {
        var writer = ByteWriter(capacity: frameHeaderByteCount + payload.count)
        writer.writeUInt32LE(UInt32(payload.count))
        writer.writeUInt32LE(0)   // CRC, patched below
        writer.writeUInt8(type.rawValue)
        writer.writeUInt64LE(sequence)
        writer.writeBytes(payload)
        let crc = writer.bytes.withUnsafeBytes { raw in
            CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[8...]))
        }
        writer.setUInt32LE(CRC32C.masked(crc), at: 4)
        return writer.bytes
    }
}
