// IVFKernels: the raw-pointer inner loops the IVF family needs and QuiverKernels does not
// export (single-pair L2/IP without preconditions, SQ8 code scoring, Hamming on packed rows,
// row normalisation).
// Invariants: every pointer reads exactly `count` elements (the caller checked the shapes
// once per list or block, never per row); SIMD8 loads are unaligned-safe; a scalar tail covers
// counts that are not multiples of 8. No allocation, no closures.
// Ownership: stateless, internal to QuiverIndex; safe from any thread.

import QuiverKernels

enum IVFKernels {
    @inline(__always)
    static func load8(_ p: UnsafePointer<Float>, _ i: Int) -> SIMD8<Float> {
        UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self)
    }

    /// 2^23: a float in [2^23, 2^24) holds an integer in its low mantissa bits.
    static let mantissaShift = SIMD8<Float>(repeating: 8_388_608)

    /// Eight code bytes widened to floats (exact: the byte goes into the mantissa of 2^23).
    @inline(__always)
    static func load8Codes(_ p: UnsafePointer<UInt8>, _ i: Int) -> SIMD8<Float> {
        let bytes = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<UInt8>.self)
        let bits = SIMD8<UInt32>(truncatingIfNeeded: bytes) | SIMD8<UInt32>(repeating: 0x4B00_0000)
        return unsafeBitCast(bits, to: SIMD8<Float>.self) - mantissaShift
    }

    /// Eight integral floats in 0...255 narrowed to bytes (the inverse trick of load8Codes).
    @inline(__always)
    static func store8Codes(_ levels: SIMD8<Float>, _ p: UnsafeMutablePointer<UInt8>, _ i: Int) {
        let bits = unsafeBitCast(levels + mantissaShift, to: SIMD8<UInt32>.self)
        UnsafeMutableRawPointer(p + i).storeBytes(of: SIMD8<UInt8>(truncatingIfNeeded: bits), as: SIMD8<UInt8>.self)
    }

    /// sum((a[i] - b[i])^2): QuiverKernels' kernel.
    @inline(__always)
    static func l2Squared(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        Distance.l2Squared(a, b, count: count)
    }

    /// sum(a[i] * b[i]): QuiverKernels' kernel.
    @inline(__always)
    static func innerProduct(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        Distance.innerProduct(a, b, count: count)
    }

    /// sum((t[i] - code[i] * scale[i])^2): squared L2 between a shifted query t = q - min and an SQ8 row.
    @inline(__always)
    static func sq8L2Squared(_ t: UnsafePointer<Float>, _ scale: UnsafePointer<Float>, _ code: UnsafePointer<UInt8>,
                             _ count: Int) -> Float {
        var acc = SIMD8<Float>()
        var i = 0
        while i &+ 8 <= count {
            let d = load8(t, i) - load8Codes(code, i) * load8(scale, i)
            acc += d * d
            i &+= 8
        }
        var sum = acc.sum()
        while i < count {
            let d = t[i] - Float(code[i]) * scale[i]
            sum += d * d
            i &+= 1
        }
        return sum
    }

    /// sum(w[i] * code[i]): the code-dependent part of an inner product with an SQ8 row.
    @inline(__always)
    static func sq8Dot(_ w: UnsafePointer<Float>, _ code: UnsafePointer<UInt8>, _ count: Int) -> Float {
        var acc = SIMD8<Float>()
        var i = 0
        while i &+ 8 <= count {
            acc += load8(w, i) * load8Codes(code, i)
            i &+= 8
        }
        var sum = acc.sum()
        while i < count {
            sum += w[i] * Float(code[i])
            i &+= 1
        }
        return sum
    }

    /// Scales each of `rowCount` rows to unit L2 norm in place; all-zero rows stay zero.
    static func normalizeRows(_ rows: UnsafeMutableBufferPointer<Float>, rowCount: Int, dimension: Int) {
        precondition(rows.count >= rowCount * dimension, "normalizeRows: short buffer")
        guard let base = rows.baseAddress else { return }
        for row in 0..<rowCount {
            let p = base + row &* dimension
            let normSquared = innerProduct(p, p, dimension)
            guard normSquared > 0 else { continue }
            let inverse = 1 / normSquared.squareRoot()
            for j in 0..<dimension { p[j] *= inverse }
        }
    }
}

/// Bit tests on a Bitset's words without going through its subscript per row.
@inline(__always)
func isRowAllowed(_ words: UnsafePointer<UInt64>, _ row: Int) -> Bool {
    words[row &>> 6] & (1 &<< UInt64(row & 63)) != 0
}
