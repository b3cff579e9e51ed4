// Tests for CRC32C: published check values, continuation, and LevelDB masking.

import QuiverKernels
import Testing

@Test func crc32cKnownVectors() {
    #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
    #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
    #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
    #expect(CRC32C.checksum(Array(0..<32)) == 0x46DD_794E)
    #expect(CRC32C.checksum([UInt8]()) == 0)
}

@Test func crc32cContinuingEqualsWhole() {
    var rng = SeededRandom(seed: 42)
    let data = rng.bytes(1000)
    let whole = CRC32C.checksum(data)
    for split in [0, 1, 7, 8, 9, 500, 999, 1000] {
        let first = CRC32C.checksum(data[..<split])
        let continued = data[split...].withUnsafeBytes { CRC32C.checksum($0, continuing: first) }
        #expect(continued == whole)
    }
    // Unaligned slices take the same path as aligned ones.
    #expect(CRC32C.checksum(data[3..<200]) == CRC32C.checksum(Array(data[3..<200])))
}

@Test func crc32cDetectsASingleFlippedBit() {
    var data = Array("quiver".utf8)
    let before = CRC32C.checksum(data)
    data[2] ^= 0x10
    #expect(CRC32C.checksum(data) != before)
}

@Test func crc32cMaskRoundTrips() {
    var rng = SeededRandom(seed: 9)
    for crc in [0, 1, 0xFFFF_FFFF, 0xE306_9283] + (0..<100).map({ _ in UInt32(truncatingIfNeeded: rng.next()) }) {
        #expect(CRC32C.unmasked(CRC32C.masked(crc)) == crc)
        #expect(CRC32C.masked(crc) != crc)
    }
    #expect(CRC32C.masked(0) == 0xA282_EAD8)
}
