// ByteReader: consumes little-endian values from a byte array or a sub-range of it; the
// decoding side of ByteWriter. `read*` consumes and throws when input is short; `get*(at:)`
// peeks at an absolute offset and returns nil when out of range (swift-nio's verbs).
// Invariants: range.lowerBound <= offset <= range.upperBound; a read either succeeds whole or
// throws and leaves `offset` where it was; every count taken from input (u32 lengths, float
// counts) is checked against `remaining`, with overflow, before anything is allocated, so
// bad bytes never trap or allocate huge buffers.
// Ownership: a value type; one decoder owns it while decoding.

package struct ByteReader: Sendable {
    private let bytes: [UInt8]
    private let range: Range<Int>
    package private(set) var offset: Int

    /// Reads `bytes[range]` (all of `bytes` when nil); offsets stay absolute into `bytes`.
    package init(_ bytes: [UInt8], range: Range<Int>? = nil) {
        let range = range ?? bytes.indices
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count,
                     "range \(range) outside 0..<\(bytes.count)")
        self.bytes = bytes
        self.range = range
        self.offset = range.lowerBound
    }

    package var remaining: Int { range.upperBound - offset }
    package var isAtEnd: Bool { offset == range.upperBound }

    package mutating func readUInt8() throws(ByteReaderError) -> UInt8 {
        try require(1)
        defer { offset += 1 }
        return bytes[offset]
    }

    package mutating func readUInt16LE() throws(ByteReaderError) -> UInt16 { try readInteger() }
    package mutating func readUInt32LE() throws(ByteReaderError) -> UInt32 { try readInteger() }
    package mutating func readUInt64LE() throws(ByteReaderError) -> UInt64 { try readInteger() }
    package mutating func readInt32LE() throws(ByteReaderError) -> Int32 { try readInteger() }
    package mutating func readInt64LE() throws(ByteReaderError) -> Int64 { try readInteger() }

    package mutating func readFloat32LE() throws(ByteReaderError) -> Float {
        Float(bitPattern: try readInteger())
    }

    package mutating func readFloat64LE() throws(ByteReaderError) -> Double {
        Double(bitPattern: try readInteger())
    }

    package mutating func readBytes(count: Int) throws(ByteReaderError) -> [UInt8] {
        try require(count)
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    /// `count` raw little-endian float32 values.
    package mutating func readFloats(count: Int) throws(ByteReaderError) -> [Float] {
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: 4)
        guard count >= 0, !overflow else {
            throw ByteReaderError(offset: offset, needed: overflow ? Int.max : count, available: remaining)
        }
        try require(byteCount)
        let start = offset
        let floats = [Float](unsafeUninitializedCapacity: count) { buffer, initializedCount in
            bytes.withUnsafeBytes { raw in
                #if _endian(little)
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: raw[start..<start + byteCount]))
                #else
                for i in 0..<count {
                    let bits = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start + 4 * i, as: UInt32.self))
                    buffer[i] = Float(bitPattern: bits)
                }
                #endif
            }
            initializedCount = count
        }
        offset += byteCount
        return floats
    }

    /// u32le byte length, then UTF-8; invalid UTF-8 is repaired with U+FFFD, never a crash.
    package mutating func readString() throws(ByteReaderError) -> String {
        let body = try readLengthPrefixedRange()
        return String(decoding: bytes[body], as: UTF8.self)
    }

    /// u32le length, then that many bytes.
    package mutating func readLengthPrefixed() throws(ByteReaderError) -> [UInt8] {
        Array(bytes[try readLengthPrefixedRange()])
    }

    package mutating func skip(_ count: Int) throws(ByteReaderError) {
        try require(count)
        offset += count
    }

    /// The u32le at absolute `offset`, or nil when those four bytes are not all inside the range.
    package func getUInt32LE(at offset: Int) -> UInt32? { getInteger(at: offset) }

    /// The u64le at absolute `offset`, or nil when those eight bytes are not all inside the range.
    package func getUInt64LE(at offset: Int) -> UInt64? { getInteger(at: offset) }

    // MARK: Internal

    /// Throws unless `count` (>= 0) bytes remain from `offset`.
    @inline(__always)
    private func require(_ count: Int) throws(ByteReaderError) {
        guard count >= 0, count <= remaining else {
            throw ByteReaderError(offset: offset, needed: count, available: remaining)
        }
    }

    private mutating func readInteger<T: FixedWidthInteger>() throws(ByteReaderError) -> T {
        let size = MemoryLayout<T>.size
        try require(size)
        let value = bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
        offset += size
        return value
    }

    private func getInteger<T: FixedWidthInteger>(at position: Int) -> T? {
        let size = MemoryLayout<T>.size
        guard position >= range.lowerBound, position <= range.upperBound - size else { return nil }
        return bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: position, as: T.self)) }
    }

    /// Reads a u32le length and returns the body's range, consuming both; on a short body
    /// throws with the body's offset and leaves `offset` before the length.
    private mutating func readLengthPrefixedRange() throws(ByteReaderError) -> Range<Int> {
        let start = offset
        let length = Int(try readUInt32LE())
        guard length <= remaining else {
            let error = ByteReaderError(offset: offset, needed: length, available: remaining)
            offset = start
            throw error
        }
        defer { offset += length }
        return offset..<offset + length
    }
}
