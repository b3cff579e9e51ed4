// Distance: single-pair kernels for float vectors (L2 squared, inner product, norm, cosine).
// Invariants: both operands have the same count (the dimension; trapped otherwise). L2 and
// inner product run the C kernels of CQuiverSIMD (AVX2+FMA on x86-64 CPUs that have them,
// chosen at load time; portable vector code elsewhere), because Swift code cannot target AVX2
// per function without unsafeFlags. The Swift SIMD8 kernels stay as `swiftSIMD...`: the
// reference the tests compare the C kernels against and the baseline of `quiver-bench kernels`.
// Loads are unaligned-safe; any dimension works (scalar tails).
// Binary kernels (HAMMING, JACCARD) live in Distance+Binary.swift.
// Ownership: stateless, pure functions; safe from any thread.

import CQuiverSIMD

package enum Distance {
    /// Squared Euclidean distance sum((a[i] - b[i])^2).
    package static func l2Squared(_ a: UnsafeBufferPointer<Float>, _ b: UnsafeBufferPointer<Float>) -> Float {
        precondition(a.count == b.count, "dimension mismatch: \(a.count) vs \(b.count)")
        return l2SquaredUnchecked(a.baseAddress, b.baseAddress, a.count)
    }

    /// Inner product sum(a[i] * b[i]).
    package static func innerProduct(_ a: UnsafeBufferPointer<Float>, _ b: UnsafeBufferPointer<Float>) -> Float {
        precondition(a.count == b.count, "dimension mismatch: \(a.count) vs \(b.count)")
        return innerProductUnchecked(a.baseAddress, b.baseAddress, a.count)
    }

    /// Squared L2 norm sum(a[i]^2).
    package static func normSquared(_ a: UnsafeBufferPointer<Float>) -> Float {
        innerProductUnchecked(a.baseAddress, a.baseAddress, a.count)
    }

    /// Cosine similarity a.b / (|a| |b|); 0 when either norm is 0.
    package static func cosineSimilarity(_ a: UnsafeBufferPointer<Float>, _ b: UnsafeBufferPointer<Float>) -> Float {
        precondition(a.count == b.count, "dimension mismatch: \(a.count) vs \(b.count)")
        let (dot, aNormSquared, bNormSquared) = dotAndNormsUnchecked(a.baseAddress, b.baseAddress, a.count)
        guard aNormSquared > 0, bNormSquared > 0 else { return 0 }
        return dot / (aNormSquared.squareRoot() * bNormSquared.squareRoot())
    }

    // MARK: Convenience overloads (tests, tools)

    package static func l2Squared(_ a: [Float], _ b: [Float]) -> Float {
        a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in l2Squared(pa, pb) } }
    }

    package static func innerProduct(_ a: [Float], _ b: [Float]) -> Float {
        a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in innerProduct(pa, pb) } }
    }

    package static func normSquared(_ a: [Float]) -> Float {
        a.withUnsafeBufferPointer { normSquared($0) }
    }

    package static func cosineSimilarity(_ a: [Float], _ b: [Float]) -> Float {
        a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in cosineSimilarity(pa, pb) } }
    }

    // MARK: Kernels (internal; `count` floats readable from both pointers, nil only when count == 0)

    /// Squared L2 over `count` floats at two raw pointers, for index inner loops that have
    /// checked their shapes once (no per-call precondition).
    @inlinable
    package static func l2Squared(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        l2SquaredUnchecked(a, b, count)
    }

    /// Inner product over `count` floats at two raw pointers (see `l2Squared(_:_:count:)`).
    @inlinable
    package static func innerProduct(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        innerProductUnchecked(a, b, count)
    }

    @inline(__always) @usableFromInline
    static func loadVector(_ p: UnsafePointer<Float>, _ index: Int) -> SIMD8<Float> {
        UnsafeRawPointer(p + index).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inlinable
    static func l2SquaredUnchecked(_ a: UnsafePointer<Float>?, _ b: UnsafePointer<Float>?, _ count: Int) -> Float {
        guard let a, let b, count > 0 else { return 0 }
        return quiver_l2_squared_f32(a, b, count)
    }

    @inlinable
    static func innerProductUnchecked(_ a: UnsafePointer<Float>?, _ b: UnsafePointer<Float>?, _ count: Int) -> Float {
        guard let a, let b, count > 0 else { return 0 }
        return quiver_inner_product_f32(a, b, count)
    }

    /// Which kernels `l2Squared`/`innerProduct` run: "avx2+fma" or "portable".
    package static var kernelName: String { quiver_simd_level() == 2 ? "avx2+fma" : "portable" }

    // MARK: Swift SIMD reference kernels (tests and `quiver-bench kernels`)

    /// Squared L2 in Swift SIMD8 (baseline x86-64: SSE); same contract as `l2Squared(_:_:count:)`.
    package static func swiftSIMDL2Squared(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        guard count > 0 else { return 0 }
        var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
        var i = 0
        while i &+ 16 <= count {
            let d0 = loadVector(a, i) - loadVector(b, i)
            let d1 = loadVector(a, i &+ 8) - loadVector(b, i &+ 8)
            acc0 += d0 * d0
            acc1 += d1 * d1
            i &+= 16
        }
        if i &+ 8 <= count {
            let d0 = loadVector(a, i) - loadVector(b, i)
            acc0 += d0 * d0
            i &+= 8
        }
        var sum = (acc0 + acc1).sum()
        while i < count {
            let d = a[i] - b[i]
            sum += d * d
            i &+= 1
        }
        return sum
    }

    /// Inner product in Swift SIMD8; same contract as `innerProduct(_:_:count:)`.
    package static func swiftSIMDInnerProduct(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        guard count > 0 else { return 0 }
        var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
        var i = 0
        while i &+ 16 <= count {
            acc0 += loadVector(a, i) * loadVector(b, i)
            acc1 += loadVector(a, i &+ 8) * loadVector(b, i &+ 8)
            i &+= 16
        }
        if i &+ 8 <= count {
            acc0 += loadVector(a, i) * loadVector(b, i)
            i &+= 8
        }
        var sum = (acc0 + acc1).sum()
        while i < count {
            sum += a[i] * b[i]
            i &+= 1
        }
        return sum
    }

    /// One pass computing (a.b, |a|^2, |b|^2).
    static func dotAndNormsUnchecked(_ a: UnsafePointer<Float>?, _ b: UnsafePointer<Float>?, _ count: Int)
        -> (dot: Float, aNormSquared: Float, bNormSquared: Float)
    {
        guard let a, let b, count > 0 else { return (0, 0, 0) }
        var dot = SIMD8<Float>(), aa = SIMD8<Float>(), bb = SIMD8<Float>()
        var i = 0
        while i &+ 8 <= count {
            let va = loadVector(a, i), vb = loadVector(b, i)
            dot += va * vb
            aa += va * va
            bb += vb * vb
            i &+= 8
        }
        var dotSum = dot.sum(), aSum = aa.sum(), bSum = bb.sum()
        while i < count {
            dotSum += a[i] * b[i]
            aSum += a[i] * a[i]
            bSum += b[i] * b[i]
            i &+= 1
        }
        return (dotSum, aSum, bSum)
    }

    /// One pass computing (a.b, |b|^2): cosine scans where the query norm is known.
    static func dotAndSecondNormUnchecked(_ a: UnsafePointer<Float>?, _ b: UnsafePointer<Float>?, _ count: Int)
        -> (dot: Float, bNormSquared: Float)
    {
        guard let a, let b, count > 0 else { return (0, 0) }
        var dot0 = SIMD8<Float>(), dot1 = SIMD8<Float>(), bb0 = SIMD8<Float>(), bb1 = SIMD8<Float>()
        var i = 0
        while i &+ 16 <= count {
            let va0 = loadVector(a, i), vb0 = loadVector(b, i)
            let va1 = loadVector(a, i &+ 8), vb1 = loadVector(b, i &+ 8)
            dot0 += va0 * vb0
            dot1 += va1 * vb1
            bb0 += vb0 * vb0
            bb1 += vb1 * vb1
            i &+= 16
        }
        if i &+ 8 <= count {
            let va0 = loadVector(a, i), vb0 = loadVector(b, i)
            dot0 += va0 * vb0
            bb0 += vb0 * vb0
            i &+= 8
        }
        var dotSum = (dot0 + dot1).sum(), bSum = (bb0 + bb1).sum()
        while i < count {
            dotSum += a[i] * b[i]
            bSum += b[i] * b[i]
            i &+= 1
        }
        return (dotSum, bSum)
    }
}
