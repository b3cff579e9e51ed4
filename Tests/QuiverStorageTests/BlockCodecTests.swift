// BlockCodec tests: empty, 1-byte, compressible and random blocks round-trip with the compression
// SegmentFormat.md promises (LZ4 only when it saves 10%); data lands on 64-byte boundaries from
// any starting offset; damaged headers and data throw.
// Ownership: test target only.

import QuiverKernels
import Testing
@testable import QuiverStorage

@Suite struct BlockCodecTests {
    /// Writes `raw` as a block after `prefixByteCount` bytes; returns the file and the header offset.
    static func file(with raw: [UInt8], after prefixByteCount: Int = 0) -> (bytes: [UInt8], headerOffset: Int) {
        var writer = ByteWriter()
        writer.writeBytes([UInt8](repeating: 0xEE, count: prefixByteCount))
        let offset = BlockCodec.appendBlock(raw, to: &writer)
        return (writer.bytes, offset)
    }

    static func compressible(_ count: Int) -> [UInt8] { (0..<count).map { UInt8($0 % 7) } }

    @Test(arguments: [1, 2, 3])
    func tinyBlocksStayRawAndRoundTrip(_ count: Int) throws {
        let raw = [UInt8](repeating: 0x42, count: count)
        let (bytes, offset) = Self.file(with: raw)
        #expect(bytes[offset] == 0, "\(count) bytes cannot shrink by 10%")
        #expect(bytes.count == offset + BlockCodec.headerByteCount + count)
        #expect(try BlockCodec.readBlock(in: bytes, at: offset) == raw)
    }

    @Test func emptyBlockHasZeroCountsAndNoData() throws {
        let (bytes, offset) = Self.file(with: [])
        let reader = ByteReader(bytes)
        #expect(bytes[offset] == 0)
        #expect(reader.getUInt64LE(at: offset + 4) == 0)
        #expect(reader.getUInt64LE(at: offset + 12) == 0)
        #expect(bytes.count == offset + BlockCodec.headerByteCount)
        #expect(try BlockCodec.readBlock(in: bytes, at: offset) == [])
    }

    @Test func compressibleBlockUsesLZ4AndRoundTrips() throws {
        let raw = Self.compressible(10_000)
        let (bytes, offset) = Self.file(with: raw)
        #expect(bytes[offset] == 1)
        #expect(bytes.count - offset - BlockCodec.headerByteCount < raw.count / 2)
        #expect(try BlockCodec.readBlock(in: bytes, at: offset) == raw)
    }

    @Test func randomBlockStaysRaw() throws {
        var random = SeededRandom(seed: 3)
        let raw = random.bytes(4096)
        let (bytes, offset) = Self.file(with: raw)
        #expect(bytes[offset] == 0)
        #expect(try BlockCodec.readBlock(in: bytes, at: offset) == raw)
    }

    @Test func dataIsAlignedFromAnyStartingOffset() throws {
        for prefix in 0..<130 {
            let (bytes, offset) = Self.file(with: [1, 2, 3], after: prefix)
            #expect((offset + BlockCodec.headerByteCount) % BlockCodec.dataAlignment == 0, "after \(prefix) bytes")
            #expect(offset >= prefix && offset - prefix < BlockCodec.dataAlignment)
            #expect(bytes[prefix..<offset].allSatisfy { $0 == 0 }, "padding is zero")
            #expect(try BlockCodec.readBlock(in: bytes, at: offset) == [1, 2, 3])
        }
    }

    @Test func compressAndDecompressEdgeCases() {
        #expect(BlockCodec.compress([]) == nil)
        #expect(BlockCodec.decompress([], rawByteCount: 0) == nil)
        let one = BlockCodec.compress([9])
        #expect(one != nil)
        #expect(BlockCodec.decompress(one!, rawByteCount: 1) == [9])
        let compressed = BlockCodec.compress(Self.compressible(1000))!
        #expect(BlockCodec.decompress(compressed, rawByteCount: 1000) == Self.compressible(1000))
        #expect(BlockCodec.decompress(compressed, rawByteCount: 999) == nil)
        #expect(BlockCodec.decompress(compressed, rawByteCount: 1001) == nil)
        #expect(BlockCodec.decompress([0xFF, 0xFF, 0xFF], rawByteCount: 100) == nil)
    }

    @Test func headerOutsideTheFileIsRejected() {
        let (bytes, offset) = Self.file(with: [1, 2, 3])
        for bad in [-1, -24, bytes.count - 23, bytes.count, Int.max, Int.min] {
            #expect(throws: CodecError.self, "header at \(bad)") { try BlockCodec.readBlock(in: bytes, at: bad) }
        }
        #expect(throws: CodecError.self) { try BlockCodec.readBlock(in: [], at: 0) }
        #expect(throws: CodecError.self) { try BlockCodec.readBlock(in: Array(bytes.prefix(offset + 23)), at: offset) }
    }

    @Test(arguments: [false, true])
    func damagedHeaderOrDataIsRejected(_ compressed: Bool) throws {
        var random = SeededRandom(seed: 5)
        let raw = compressed ? Self.compressible(2000) : random.bytes(300)
        let (bytes, offset) = Self.file(with: raw)
        #expect(bytes[offset] == (compressed ? 1 : 0))
        // compression (0), rawByteCount (4), storedByteCount (12), CRC (20), first and last data byte.
        for position in [offset, offset + 4, offset + 5, offset + 12, offset + 19, offset + 20, offset + 24, bytes.count - 1] {
            for mask: UInt8 in [0x01, 0x02, 0x80] {
                var damaged = bytes
                damaged[position] ^= mask
                #expect(throws: CodecError.self, "byte \(position - offset) of the block ^ \(mask)") {
                    try BlockCodec.readBlock(in: damaged, at: offset)
                }
            }
        }
    }

    @Test func compressedBlockClaimingHugeRawSizeIsRejected() throws {
        var (bytes, offset) = Self.file(with: Self.compressible(2000))
        #expect(bytes[offset] == 1)
        for i in 0..<8 { bytes[offset + 4 + i] = 0xFF }
        #expect(throws: CodecError.self) { try BlockCodec.readBlock(in: bytes, at: offset) }
        for i in 0..<8 { bytes[offset + 4 + i] = i == 3 ? 0x04 : 0 }   // 64 MiB, within the 1 GiB cap
        #expect(throws: CodecError.self) { try BlockCodec.readBlock(in: bytes, at: offset) }
    }
}
