// ByteWriter: appends little-endian values to a growable byte array (WAL records, segment
// blocks, index blobs). The reading side is ByteReader; formats are written down next to
// the code that owns them.
// Invariants: every multi-byte value is little-endian whatever the host; length prefixes are
// u32le, and a length that does not fit in u32 is a caller bug (traps) because no format may
// hold one; `setUInt32LE(_:at:)` patches only bytes already written.
// Ownership: a value type; one encoder owns it while encoding.

package struct ByteWriter: Sendable {
    package private(set) var bytes: [UInt8]

    package init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    package var count: Int { bytes.count }

    package mutating func reserveCapacity(_ capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    package mutating func writeUInt8(_ value: UInt8) { bytes.append(value) }
    package mutating func writeUInt16LE(_ value: UInt16) { appendRaw(value.littleEndian) }
    package mutating func writeUInt32LE(_ value: UInt32) { appendRaw(value.littleEndian) }
    package mutating func writeUInt64LE(_ value: UInt64) { appendRaw(value.littleEndian) }
    package mutating func writeInt32LE(_ value: Int32) { appendRaw(value.littleEndian) }
    package mutating func writeInt64LE(_ value: Int64) { appendRaw(value.littleEndian) }
    package mutating func writeFloat32LE(_ value: Float) { appendRaw(value.bitPattern.littleEndian) }
    package mutating func writeFloat64LE(_ value: Double) { appendRaw(value.bitPattern.littleEndian) }

    package mutating func writeBytes(_ b: [UInt8]) { bytes.append(contentsOf: b) }
    package mutating func writeBytes(_ b: ArraySlice<UInt8>) { bytes.append(contentsOf: b) }
    package mutating func writeBytes(_ b: UnsafeRawBufferPointer) { bytes.append(contentsOf: b) }

    /// Raw float32 values, little-endian, with no length prefix.
    package mutating func writeFloats(_ f: [Float]) {
        #if _endian(little)
        f.withUnsafeBytes { bytes.append(contentsOf: $0) }
        #else
        bytes.reserveCapacity(bytes.count + f.count * 4)
        for value in f { writeFloat32LE(value) }
        #endif
    }

    /// u32le UTF-8 byte length, then the UTF-8 bytes.
    package mutating func writeString(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            writeLength(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    /// u32le length, then the bytes.
    package mutating func writeLengthPrefixed(_ b: [UInt8]) {
        writeLength(b.count)
        bytes.append(contentsOf: b)
    }

    /// Overwrites four already-written bytes at `offset` (e.g. a length or CRC placeholder).
    package mutating func setUInt32LE(_ value: UInt32, at offset: Int) {
        precondition(offset >= 0 && offset <= bytes.count - 4, "patch at \(offset) outside 0..<\(bytes.count)")
        let le = value.littleEndian
        for i in 0..<4 { bytes[offset + i] = UInt8(truncatingIfNeeded: le >> (8 * UInt32(i))) }
    }

    // MARK: Internal

    private mutating func writeLength(_ length: Int) {
        precondition(length <= Int(UInt32.max), "length \(length) does not fit a u32 prefix")
        writeUInt32LE(UInt32(length))
    }

    @inline(__always)
    private mutating func appendRaw<T: FixedWidthInteger>(_ littleEndianValue: T) {
        withUnsafeBytes(of: littleEndianValue) { bytes.append(contentsOf: $0) }
    }
}
