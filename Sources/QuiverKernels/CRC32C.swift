// CRC32C: the Castagnoli CRC (reflected, polynomial 0x82F63B78) that guards every WAL record,
// segment block and footer; plus LevelDB's mask for CRCs stored next to the data they cover.
// Invariants: checksum(b, continuing: checksum(a)) == checksum(a + b); the check value of
// "123456789" is 0xE3069283. Slicing-by-8 with tables built once on first use (a lazy global,
// thread-safe); no hardware CRC instruction, since the package may not pass unsafe flags.
// Ownership: stateless; safe from any thread.

package enum CRC32C {
    /// CRC32C of `bytes`, continuing from a previous result `crc` (0 to start).
    package static func checksum(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
        guard let start = bytes.baseAddress, bytes.count > 0 else { return crc }
        return crc32cTables.withUnsafeBufferPointer { tables in
            update(~crc, start, bytes.count, tables.baseAddress!)
        } ^ 0xFFFF_FFFF
    }

    package static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0) }
    }

    package static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0) }
    }

    /// LevelDB's mask: storing a CRC of data that itself holds CRCs is error-prone, so stored
    /// CRCs are rotated and offset.
    package static func masked(_ crc: UInt32) -> UInt32 {
        ((crc >> 15) | (crc << 17)) &+ maskDelta
    }

    /// Inverse of `masked`.
    package static func unmasked(_ masked: UInt32) -> UInt32 {
        let rotated = masked &- maskDelta
        return (rotated >> 17) | (rotated << 15)
    }

    // MARK: Internal

    static let maskDelta: UInt32 = 0xA282_EAD8
    static let polynomial: UInt32 = 0x82F6_3B78

    /// Runs the (pre-inverted) register over `count` bytes; slicing-by-8 then a byte tail.
    private static func update(_ register: UInt32, _ start: UnsafeRawPointer, _ count: Int,
                               _ t: UnsafePointer<UInt32>) -> UInt32 {
        var crc = register
        var p = start
        var remaining = count
        while remaining >= 8 {
            let word = UInt64(littleEndian: p.loadUnaligned(as: UInt64.self))
            let lo = UInt32(truncatingIfNeeded: word) ^ crc
            let hi = UInt32(truncatingIfNeeded: word >> 32)
            crc = t[7 &* 256 &+ Int(lo & 0xFF)] ^ t[6 &* 256 &+ Int((lo >> 8) & 0xFF)]
                ^ t[5 &* 256 &+ Int((lo >> 16) & 0xFF)] ^ t[4 &* 256 &+ Int(lo >> 24)]
                ^ t[3 &* 256 &+ Int(hi & 0xFF)] ^ t[2 &* 256 &+ Int((hi >> 8) & 0xFF)]
                ^ t[1 &* 256 &+ Int((hi >> 16) & 0xFF)] ^ t[Int(hi >> 24)]
            p += 8
            remaining &-= 8
        }
        while remaining > 0 {
            crc = t[Int((crc ^ UInt32(p.load(as: UInt8.self))) & 0xFF)] ^ (crc >> 8)
            p += 1
            remaining &-= 1
        }
        return crc
    }
}

/// Eight 256-entry tables, flat: table k at [k * 256 ..< (k + 1) * 256]. Table 0 is the
/// byte-at-a-time table; table k advances table k-1 by one more zero byte.
private let crc32cTables: [UInt32] = {
    var tables = [UInt32](repeating: 0, count: 8 * 256)
    for byte in 0..<256 {
        var crc = UInt32(byte)
        for _ in 0..<8 {
            crc = crc & 1 != 0 ? (crc >> 1) ^ CRC32C.polynomial : crc >> 1
        }
        tables[byte] = crc
    }
    for k in 1..<8 {
        for byte in 0..<256 {
            let previous = tables[(k - 1) * 256 + byte]
            tables[k * 256 + byte] = (previous >> 8) ^ tables[Int(previous & 0xFF)]
        }
    }
    return tables
}()
