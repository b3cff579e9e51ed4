// DeletionFile: the persisted deletion bitmap of one segment, written beside it whenever a flush
// checkpoint covers new deletes of its rows. Named `<segment id>-<checkpoint>.qdel`, so a newer
// bitmap never overwrites the one the catalog still references; the old one is removed after the
// catalog commit that replaces it.
//
//   deletion := magic "QDEL" | formatVersion u16 (=1) | reserved u16 | segmentID u64
//               | rowCount u64 | word u64{(rowCount + 63) / 64} | crc u32
//               ; crc = masked crc32c of every byte before it; bit i of the words = row i deleted
//
// Worked example: segment 3 of 2 rows with row 1 deleted:
//   "QDEL" 01 00 00 00 | 03 00 00 00 00 00 00 00 | 02 00.. | 02 00 00 00 00 00 00 00 | CRC

import QuiverKernels

enum DeletionFile {
    static let magic: [UInt8] = Array("QDEL".utf8)

    static func fileName(segmentID: Int64, checkpoint: UInt64) -> String {
        "\(SegmentFiles.paddedID(segmentID))-\(checkpoint).qdel"
    }

    static func encode(_ deleted: Bitset, segmentID: Int64) -> [UInt8] {
        var writer = ByteWriter(capacity: 28 + deleted.words.count * 8)
        writer.writeBytes(magic)
        writer.writeUInt16LE(1)
        writer.writeUInt16LE(0)
        writer.writeInt64LE(segmentID)
        writer.writeUInt64LE(UInt64(deleted.count))
        for word in deleted.words { writer.writeUInt64LE(word) }
        writer.writeUInt32LE(CRC32C.masked(CRC32C.checksum(writer.bytes)))
        return writer.bytes
    }

    static func decode(_ bytes: [UInt8], segmentID: Int64, rowCount: Int) throws(CodecError) -> Bitset {
        guard bytes.count >= 28 else { throw CodecError("file of \(bytes.count) bytes is too short", offset: 0) }
        let crcOffset = bytes.count - 4
        let crc = bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<crcOffset])) }
        var reader = ByteReader(bytes)
        do {
            guard try reader.readBytes(count: 4) == magic else { throw CodecError("bad magic", offset: 0) }
            guard try reader.readUInt16LE() == 1 else { throw CodecError("unsupported format version", offset: 4) }
            _ = try reader.readUInt16LE()
            guard reader.getUInt32LE(at: crcOffset) == CRC32C.masked(crc) else { throw CodecError("checksum mismatch", offset: crcOffset) }
            let fileSegment = try reader.readInt64LE()
            let fileRows = try reader.readUInt64LE()
            guard fileSegment == segmentID, fileRows == UInt64(rowCount) else {
                throw CodecError("bitmap of segment \(fileSegment) with \(fileRows) rows, expected segment \(segmentID) with \(rowCount)", offset: 8)
            }
            let wordCount = (rowCount + 63) / 64
            guard reader.remaining == wordCount * 8 + 4 else { throw CodecError("bitmap length does not match \(rowCount) rows", offset: 24) }
            var words: [UInt64] = []
            words.reserveCapacity(wordCount)
            for _ in 0..<wordCount { words.append(try reader.readUInt64LE()) }
            return Bitset(words: words, count: rowCount)
        } catch let error as CodecError {
            throw error
        } catch {
            throw CodecError("\(error)", offset: reader.offset)
        }
    }
}
