// Tests for ByteWriter and ByteReader: round trips of every type, exact little-endian layout,
// truncation errors with offsets, hostile length prefixes, sub-range readers.

import QuiverKernels
import Testing

@Test func everyTypeRoundTrips() throws {
    var writer = ByteWriter(capacity: 64)
    writer.writeUInt8(0xAB)
    writer.writeUInt16LE(0xBEEF)
    writer.writeUInt32LE(0xDEAD_BEEF)
    writer.writeUInt64LE(0x0123_4567_89AB_CDEF)
    writer.writeInt32LE(-42)
    writer.writeInt64LE(.min)
    writer.writeFloat32LE(-1.5)
    writer.writeFloat64LE(.pi)
    writer.writeBytes([1, 2, 3])
    writer.writeBytes([9, 8, 7, 6][1...])
    [UInt8](arrayLiteral: 5, 5).withUnsafeBytes { writer.writeBytes($0) }
    writer.writeFloats([0, 1.25, -.infinity, .greatestFiniteMagnitude])
    writer.writeString("héllo, 世界")
    writer.writeString("")
    writer.writeLengthPrefixed([0xFF, 0x00])

    var reader = ByteReader(writer.bytes)
    #expect(try reader.readUInt8() == 0xAB)
    #expect(try reader.readUInt16LE() == 0xBEEF)
    #expect(try reader.readUInt32LE() == 0xDEAD_BEEF)
    #expect(try reader.readUInt64LE() == 0x0123_4567_89AB_CDEF)
    #expect(try reader.readInt32LE() == -42)
    #expect(try reader.readInt64LE() == .min)
    #expect(try reader.readFloat32LE() == -1.5)
    #expect(try reader.readFloat64LE() == .pi)
    #expect(try reader.readBytes(count: 3) == [1, 2, 3])
    #expect(try reader.readBytes(count: 3) == [8, 7, 6])
    #expect(try reader.readBytes(count: 2) == [5, 5])
    #expect(try reader.readFloats(count: 4) == [0, 1.25, -.infinity, .greatestFiniteMagnitude])
    #expect(try reader.readString() == "héllo, 世界")
    #expect(try reader.readString() == "")
    #expect(try reader.readLengthPrefixed() == [0xFF, 0x00])
    #expect(reader.isAtEnd && reader.remaining == 0)
    #expect(reader.offset == writer.count)
}

@Test func valuesAreLittleEndianOnTheWire() {
    var writer = ByteWriter()
    writer.writeUInt32LE(0x0102_0304)
    writer.writeFloat32LE(1)          // 0x3F800000
    writer.writeString("ab")
    #expect(writer.bytes == [4, 3, 2, 1, 0, 0, 0x80, 0x3F, 2, 0, 0, 0, 0x61, 0x62])
    writer.setUInt32LE(0xAABB_CCDD, at: 4)
    #expect(writer.bytes[4..<8] == [0xDD, 0xCC, 0xBB, 0xAA])
    #expect(writer.count == 14)
}

@Test func truncatedReadsThrowWithOffsetAndLeaveTheReaderInPlace() throws {
    var reader = ByteReader([1, 2, 3, 4, 5, 6])
    try reader.skip(3)
    #expect(throws: ByteReaderError(offset: 3, needed: 4, available: 3)) { try reader.readUInt32LE() }
    #expect(throws: ByteReaderError(offset: 3, needed: 8, available: 3)) { try reader.readFloat64LE() }
    #expect(throws: ByteReaderError(offset: 3, needed: 8, available: 3)) { try reader.readFloats(count: 2) }
    #expect(throws: ByteReaderError(offset: 3, needed: 4, available: 3)) { try reader.readBytes(count: 4) }
    #expect(throws: ByteReaderError(offset: 3, needed: 5, available: 3)) { try reader.skip(5) }
    #expect(throws: ByteReaderError(offset: 3, needed: -1, available: 3)) { try reader.readBytes(count: -1) }
    #expect(reader.offset == 3)
    #expect(try reader.readUInt16LE() == 0x0504)
    #expect(try reader.readUInt8() == 6)
    #expect(throws: ByteReaderError(offset: 6, needed: 1, available: 0)) { try reader.readUInt8() }
    #expect(ByteReaderError(offset: 6, needed: 1, available: 0).description
            == "truncated at offset 6: needed 1 bytes, have 0")
}

@Test func hugeLengthPrefixesThrowInsteadOfAllocating() throws {
    var writer = ByteWriter()
    writer.writeUInt32LE(.max)
    writer.writeBytes([1, 2, 3])
    var reader = ByteReader(writer.bytes)
    // The body would start at offset 4; the reader stays before the prefix.
    #expect(throws: ByteReaderError(offset: 4, needed: Int(UInt32.max), available: 3)) { try reader.readString() }
    #expect(throws: ByteReaderError(offset: 4, needed: Int(UInt32.max), available: 3)) { try reader.readLengthPrefixed() }
    #expect(reader.offset == 0)
    #expect(throws: ByteReaderError.self) { try reader.readFloats(count: .max) }
    #expect(throws: ByteReaderError.self) { try reader.readFloats(count: .max / 4 + 1) }
    #expect(throws: ByteReaderError.self) { try reader.readBytes(count: .max) }
    #expect(reader.offset == 0)
}

@Test func invalidUTF8IsRepairedNotFatal() throws {
    var writer = ByteWriter()
    writer.writeLengthPrefixed([0x61, 0xFF, 0xC3])   // "a", a stray byte, a cut-off sequence
    var reader = ByteReader(writer.bytes)
    let string = try reader.readString()
    #expect(string.hasPrefix("a") && string.contains("\u{FFFD}"))
}

@Test func subRangeReaderUsesAbsoluteOffsets() throws {
    let bytes: [UInt8] = [0xEE, 0xEE, 1, 0, 0, 0, 2, 0, 0, 0, 0xEE]
    var reader = ByteReader(bytes, range: 2..<10)
    #expect(reader.offset == 2 && reader.remaining == 8)
    #expect(reader.getUInt32LE(at: 6) == 2)
    #expect(reader.getUInt32LE(at: 7) == nil)      // would read the byte past the range
    #expect(reader.getUInt32LE(at: 0) == nil)      // before the range
    #expect(reader.getUInt32LE(at: .max) == nil)
    #expect(reader.getUInt64LE(at: 2) == 0x0000_0002_0000_0001)
    #expect(reader.getUInt64LE(at: 3) == nil)
    #expect(try reader.readUInt32LE() == 1)
    #expect(try reader.readUInt32LE() == 2)
    #expect(reader.isAtEnd)
    #expect(throws: ByteReaderError(offset: 10, needed: 1, available: 0)) { try reader.readUInt8() }
}

@Test func randomGarbageNeverTraps() {
    var rng = SeededRandom(seed: 2024)
    for _ in 0..<500 {
        var reader = ByteReader(rng.bytes(Int.random(in: 0..<40, using: &rng)))
        while true {
            do {
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: _ = try reader.readString()
                case 1: _ = try reader.readLengthPrefixed()
                case 2: _ = try reader.readFloats(count: Int(try reader.readUInt32LE()))
                default: _ = try reader.readUInt64LE()
                }
            } catch {
                break
            }
        }
    }
}
