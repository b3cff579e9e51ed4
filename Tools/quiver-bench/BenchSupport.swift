// Shared pieces of the benchmarks: a clock, deterministic data, a scratch directory, JSON lines
// and a progress line on stderr.

import Foundation
import QuiverKernels

enum Bench {
    static func seconds(_ body: () async throws -> Void) async rethrows -> Double {
        let clock = ContinuousClock()
        let elapsed = try await clock.measure { try await body() }
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// CPU seconds the calling thread has run (immune to other load on a shared machine).
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// `count * dimension` standard-normal floats, row-major, the same for the same seed.
    static func gaussianVectors(count: Int, dimension: Int, seed: UInt64) -> [Float] {
        var random = SeededRandom(seed: seed)
        return (0..<(count * dimension)).map { _ in random.nextGaussian() }
    }

    static func scratchDirectory(_ label: String) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("quiver-bench-\(label)-\(UUID().uuidString)").path
        try? FileManager.default.removeItem(atPath: path)
        return path
    }

    static func remove(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

    static func emit(_ fields: [String: Any]) {
        let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }

    static func progress(_ message: String) {
        FileHandle.standardError.write(Data("\r\(message)\u{1B}[K".utf8))
    }

    static func progressDone() { FileHandle.standardError.write(Data("\n".utf8)) }

    static func round(_ value: Double, _ places: Int = 2) -> Double {
        let scale = pow(10, Double(places))
        return (value * scale).rounded() / scale
    }
}
