// Distance, binary part: HAMMING and JACCARD over packed bit vectors (8 bits per byte).
// Invariants: both operands have the same byte count (trapped otherwise); the main loop
// reads 8 bytes at a time as UInt64 (unaligned-safe) and counts bits with nonzeroBitCount;
// a byte loop covers the tail. Bits are compared as stored, so the bit order within a byte
// does not matter to either metric.
// Ownership: stateless, pure functions; safe from any thread.

extension Distance {
    /// Number of differing bits.
    package static func hamming(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Float {
        precondition(a.count == b.count, "byte count mismatch: \(a.count) vs \(b.count)")
        return Float(hammingBitCount(a.baseAddress, b.baseAddress, a.count))
    }

    /// Jaccard distance 1 - |a & b| / |a | b|; 0 when both vectors have no bit set.
    package static func jaccardDistance(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Float {
        precondition(a.count == b.count, "byte count mismatch: \(a.count) vs \(b.count)")
        return jaccardDistanceUnchecked(a.baseAddress, b.baseAddress, a.count)
    }

    package static func hamming(_ a: [UInt8], _ b: [UInt8]) -> Float {
        a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in hamming(pa, pb) } }
    }

    package static func jaccardDistance(_ a: [UInt8], _ b: [UInt8]) -> Float {
        a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in jaccardDistance(pa, pb) } }
    }

    // MARK: Kernels (`byteCount` bytes readable from both pointers; inlinable so the binary IVF
    // list scans and k-means in QuiverIndex get the same loop inlined, not a copy of it)

    @inlinable @inline(__always)
    package static func loadWord(_ p: UnsafePointer<UInt8>, _ index: Int) -> UInt64 {
        UnsafeRawPointer(p + index).loadUnaligned(as: UInt64.self)
    }

    /// Differing bits between two packed rows of `byteCount` bytes.
    @inlinable @inline(__always)
    package static func hammingBitCount(_ a: UnsafePointer<UInt8>?, _ b: UnsafePointer<UInt8>?, _ byteCount: Int) -> Int {
        guard let a, let b, byteCount > 0 else { return 0 }
        var bits = 0
        var i = 0
        while i &+ 8 <= byteCount {
            bits &+= (loadWord(a, i) ^ loadWord(b, i)).nonzeroBitCount
            i &+= 8
        }
        while i < byteCount {
            bits &+= (a[i] ^ b[i]).nonzeroBitCount
            i &+= 1
        }
        return bits
    }

    /// Jaccard distance 1 - |a & b| / |a | b|; 0 when both rows are empty.
    @inlinable @inline(__always)
    package static func jaccardDistanceUnchecked(_ a: UnsafePointer<UInt8>?, _ b: UnsafePointer<UInt8>?, _ byteCount: Int) -> Float {
        guard let a, let b, byteCount > 0 else { return 0 }
        var intersection = 0, union = 0
        var i = 0
        while i &+ 8 <= byteCount {
            let wa = loadWord(a, i), wb = loadWord(b, i)
            intersection &+= (wa & wb).nonzeroBitCount
            union &+= (wa | wb).nonzeroBitCount
            i &+= 8
        }
        while i < byteCount {
            intersection &+= (a[i] & b[i]).nonzeroBitCount
            union &+= (a[i] | b[i]).nonzeroBitCount
            i &+= 1
        }
        guard union > 0 else { return 0 }
        return 1 - Float(intersection) / Float(union)
    }
}
