// FuzzChecksumRepair: recomputes the CRC32C stamps of fuzzed file bytes, so that a mutation of
// a frame, a block or a footer reaches the parsing code behind the checksum instead of stopping
// at "checksum mismatch" (libFuzzer cannot solve a CRC). Best effort on arbitrary bytes: it
// walks the structure as far as the lengths it finds allow and never traps.
// Ownership: used only by FuzzEntryPoints; pure functions of their input.

import QuiverKernels

enum FuzzChecksumRepair {
    /// The file header's CRC and each frame's CRC, walking frames by their length fields.
    static func wal(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        guard bytes.count >= WALFrame.fileHeaderByteCount else { return bytes }
        stamp(&bytes, crcAt: 24, over: 0..<24)
        var offset = WALFrame.fileHeaderByteCount
        while bytes.count - offset >= WALFrame.frameHeaderByteCount {
            let length = Int(ByteReader(bytes).getUInt32LE(at: offset)!)
            let end = offset + WALFrame.frameHeaderByteCount + length
            guard end <= bytes.count else { break }
            stamp(&bytes, crcAt: offset + 4, over: (offset + 8)..<end)
            offset = end
        }
        return bytes
    }

    /// Every block the footer names, then the header and the footer (in that order, so a block
    /// overlapping the footer does not leave the footer's CRC stale).
    static func segment(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        let trailerOffset = bytes.count - SegmentCodec.trailerByteCount
        guard trailerOffset >= SegmentCodec.headerByteCount else { return bytes }
        let footerOffset = ByteReader(bytes).getUInt64LE(at: trailerOffset).map { Int(clamping: $0) } ?? 0
        let footerIsInRange = footerOffset >= SegmentCodec.headerByteCount && footerOffset <= trailerOffset
        if footerIsInRange {
            for blockOffset in blockOffsets(in: bytes, footer: footerOffset..<trailerOffset) {
                guard blockOffset >= 0, blockOffset <= bytes.count - BlockCodec.headerByteCount,
                      let storedCount = ByteReader(bytes).getUInt64LE(at: blockOffset + 12),
                      storedCount <= UInt64(bytes.count - blockOffset - BlockCodec.headerByteCount) else { continue }
                let dataOffset = blockOffset + BlockCodec.headerByteCount
                stamp(&bytes, crcAt: blockOffset + 20, over: dataOffset..<(dataOffset + Int(storedCount)))
            }
        }
        stamp(&bytes, crcAt: 32, over: 0..<32)
        if footerIsInRange { stamp(&bytes, crcAt: trailerOffset + 8, over: footerOffset..<trailerOffset) }
        return bytes
    }

    /// A CRC in the last four bytes over everything before it (deletion and index files).
    static func trailingCRC(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        guard bytes.count >= 4 else { return bytes }
        stamp(&bytes, crcAt: bytes.count - 4, over: 0..<(bytes.count - 4))
        return bytes
    }

    /// The block offsets of the footer's column entries: kind u8 | name str | width u32 | offset u64.
    private static func blockOffsets(in bytes: [UInt8], footer: Range<Int>) -> [Int] {
        var reader = ByteReader(bytes, range: footer)
        var offsets: [Int] = []
        guard let columnCount = try? reader.readUInt32LE() else { return [] }
        for _ in 0..<min(Int(columnCount), 4096) {
            do {
                _ = try reader.readUInt8()
                _ = try reader.readString()
                _ = try reader.readUInt32LE()
                offsets.append(Int(clamping: try reader.readUInt64LE()))
            } catch {
                break
            }
        }
        return offsets
    }

    /// Writes the masked CRC32C of `range` little-endian at `offset` (both already bounds-checked).
    private static func stamp(_ bytes: inout [UInt8], crcAt offset: Int, over range: Range<Int>) {
        let crc = CRC32C.masked(CRC32C.checksum(bytes[range]))
        for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(index))) }
    }
}
