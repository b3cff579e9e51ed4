// BlockCodec: frames one column's bytes as a segment block (SegmentFormat.md): LZ4 where that
// saves at least 10%, a CRC32C over the stored bytes, and the decode that checks both.

import CLZ4
import QuiverKernels

enum BlockCodec {
    static let headerByteCount = 24
    static let dataAlignment = 64
    static let maxCompressibleByteCount = 1 << 30

    /// Appends zero padding, a block header and the (maybe compressed) data; returns the offset
    /// of the block header.
    static func appendBlock(_ raw: [UInt8], to writer: inout ByteWriter) -> Int {
        let padding = (dataAlignment - (writer.count + headerByteCount) % dataAlignment) % dataAlignment
        writer.writeBytes([UInt8](repeating: 0, count: padding))
        let headerOffset = writer.count
        var stored = raw
        var compression: UInt8 = 0
        if let compressed = compress(raw), compressed.count * 10 <= raw.count * 9 {
            stored = compressed
            compression = 1
        }
        writer.writeUInt8(compression)
        writer.writeBytes([0, 0, 0])
        writer.writeUInt64LE(UInt64(raw.count))
        writer.writeUInt64LE(UInt64(stored.count))
        writer.writeUInt32LE(CRC32C.masked(CRC32C.checksum(stored)))
        writer.writeBytes(stored)
        return headerOffset
    }

    /// Reads and checks the block whose header starts at `offset`; returns its raw bytes.
    static func readBlock(in bytes: [UInt8], at offset: Int) throws(CodecError) -> [UInt8] {
        var reader = ByteReader(bytes)
        guard offset >= 0, offset <= bytes.count - headerByteCount else {
            throw CodecError("block header at \(offset) lies outside the file of \(bytes.count) bytes", offset: offset)
        }
        do {
            try reader.skip(offset)
            let compression = try reader.readUInt8()
            guard try reader.readBytes(count: 3) == [0, 0, 0] else {
                throw CodecError("reserved block header bytes are not zero", offset: offset + 1)
            }
            let rawCount = try reader.readUInt64LE()
            let storedCount = try reader.readUInt64LE()
            let storedCRC = try reader.readUInt32LE()
            let dataOffset = reader.offset
            guard storedCount <= UInt64(reader.remaining) else {
                throw CodecError("block of \(storedCount) bytes runs past the end of the file", offset: offset)
            }
            let stored = try reader.readBytes(count: Int(storedCount))
            guard CRC32C.masked(CRC32C.checksum(stored)) == storedCRC else {
                throw CodecError("block checksum mismatch", offset: dataOffset)
            }
            switch compression {
            case 0:
                guard rawCount == storedCount else { throw CodecError("raw block sizes disagree", offset: offset) }
                return stored
            case 1:
                // LZ4 expands at most 255:1, so a larger claim is damage (and must not be allocated).
                guard rawCount <= UInt64(maxCompressibleByteCount), rawCount <= storedCount * 255 + 64 else {
                    throw CodecError("compressed block claims \(rawCount) raw bytes", offset: offset)
                }
                guard let raw = decompress(stored, rawByteCount: Int(rawCount)) else {
                    throw CodecError("LZ4 data does not decompress to \(rawCount) bytes", offset: dataOffset)
                }
                return raw
            default:
                throw CodecError("unknown compression \(compression)", offset: offset)
            }
        } catch let error as CodecError {
            throw error
        } catch {
            throw CodecError("\(error)", offset: offset)
        }
    }

    static func compress(_ raw: [UInt8]) -> [UInt8]? {
        guard !raw.isEmpty, raw.count < maxCompressibleByteCount else { return nil }
        let bound = Int(LZ4_compressBound(Int32(raw.count)))
        var output = [UInt8](repeating: 0, count: bound)
        let written = raw.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { destination in
                LZ4_compress_default(source.baseAddress!.assumingMemoryBound(to: CChar.self),
                                     destination.baseAddress!.assumingMemoryBound(to: CChar.self),
                                     Int32(raw.count), Int32(bound))
            }
        }
        guard written > 0 else { return nil }
        output.removeSubrange(Int(written)...)
        return output
    }

    static func decompress(_ stored: [UInt8], rawByteCount: Int) -> [UInt8]? {
        guard !stored.isEmpty, stored.count < Int(Int32.max) else { return nil }
        var output = [UInt8](repeating: 0, count: max(rawByteCount, 1))
        let read = stored.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { destination in
                LZ4_decompress_safe(source.baseAddress!.assumingMemoryBound(to: CChar.self),
                                    destination.baseAddress!.assumingMemoryBound(to: CChar.self),
                                    Int32(stored.count), Int32(rawByteCount))
            }
        }
        guard read == rawByteCount else { return nil }
        output.removeSubrange(rawByteCount...)
        return output
    }
}
