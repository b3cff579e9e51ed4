// Shared helpers for the QuiverKernels tests: random data and tolerance checks.
// Ownership: test-only.

import QuiverKernels

extension SeededRandom {
    /// `count` floats, uniform in [-1, 1).
    mutating func floats(_ count: Int) -> [Float] {
        (0..<count).map { _ in nextFloat() * 2 - 1 }
    }

    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
    }
}

/// |actual - expected| <= relative * max(1, |expected|).
func isClose(_ actual: Float, _ expected: Double, relative: Double = 1e-4) -> Bool {
    abs(Double(actual) - expected) <= relative * max(1, abs(expected))
}

let testDimensions = [1, 3, 16, 17, 128, 1000]
