// FlatCodes: IVF_FLAT's code, the row's floats themselves (dimension * 4 bytes, host order,
// which is little-endian on every platform Quiver builds for), so list scans are exact.
// For COSINE the stored rows are unit length and scored by inner product.
// Invariants: a code is exactly `dimension` floats; scores are exact L2 squared or inner product.
// Ownership: stateless encoder; each search owns its scorer.

import QuiverKernels

#if _endian(big)
#error("IVF codes are stored as little-endian floats; a big-endian port must byte-swap them")
#endif

enum FlatCodes {
    static func codeByteCount(dimension: Int) -> Int { dimension * MemoryLayout<Float>.stride }

    static func encode(_ row: UnsafePointer<Float>, dimension: Int, into code: UnsafeMutablePointer<UInt8>) {
        UnsafeMutableRawPointer(code).copyMemory(from: row, byteCount: dimension * MemoryLayout<Float>.stride)
    }
}

/// Exact scores of float codes: L2 squared, or inner product (IP, and COSINE on unit rows), by
/// the FloatRowScorer, so a row scores as it does in FLAT and the exact scans.
struct FlatListScorer: IVFListScorer {
    let query: UnsafeBufferPointer<Float>
    let usesL2: Bool

    mutating func prepare(list: Int, coarseScore: Float) {}

    func score(codes: UnsafePointer<UInt8>, rowCount: Int, into scores: UnsafeMutablePointer<Float>) {
        let dimension = query.count
        UnsafeRawPointer(codes).withMemoryRebound(to: Float.self, capacity: rowCount &* dimension) { rows in
            FloatRowScorer(metric: usesL2 ? .l2 : .innerProduct, query: query,
                           rows: UnsafeBufferPointer(start: rows, count: rowCount &* dimension), dimension: dimension)
                .scoreRows(startingAt: 0, into: UnsafeMutableBufferPointer(start: scores, count: rowCount))
        }
    }
}
