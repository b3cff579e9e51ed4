// Distance-kernel throughput: the C kernels Quiver runs (CQuiverSIMD, AVX2+FMA where the CPU
// has them) next to the Swift SIMD8 reference kernels, on a cache-resident block (graph walks
// and re-ranking live there) and on a block larger than the caches (exact scans), one thread.
// Prints one JSON line per (kernel, metric, block) with vectors/s and the ratio C / Swift.
// Rates are per second of this thread's CPU time (CLOCK_THREAD_CPUTIME_ID), so other work on a
// shared machine slows the wall clock but not the figures.

import ArgumentParser
import Foundation
import QuiverKernels

struct KernelBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kernels", abstract: "C vs Swift SIMD distance kernels.")

    @Option var dim = 128
    @Option(help: "Vectors in the cache-resident block.") var cachedCount = 2_000
    @Option(help: "Vectors in the memory-resident block.") var memoryCount = 400_000
    @Option(help: "Seconds per measurement.") var seconds = 1.0

    func run() async throws {
        for (block, count) in [("cache", cachedCount), ("memory", memoryCount)] {
            let base = Bench.gaussianVectors(count: count, dimension: dim, seed: 3)
            let query = Bench.gaussianVectors(count: 1, dimension: dim, seed: 4)
            for metric in ["L2", "IP"] {
                let swiftRate = metric == "L2"
                    ? rate(base, query, count) { Distance.swiftSIMDL2Squared($0, $1, count: $2) }
                    : rate(base, query, count) { Distance.swiftSIMDInnerProduct($0, $1, count: $2) }
                let cRate = metric == "L2"
                    ? rate(base, query, count) { Distance.l2Squared($0, $1, count: $2) }
                    : rate(base, query, count) { Distance.innerProduct($0, $1, count: $2) }
                Bench.emit(["benchmark": "kernels", "block": block, "count": count, "dim": dim, "metric": metric,
                            "c_kernel": Distance.kernelName, "c_vectors_per_s": Int(cRate),
                            "swift_simd_vectors_per_s": Int(swiftRate), "ratio": Bench.round(cRate / swiftRate)])
            }
        }
    }

    /// Vectors scored per second by `kernel` over the block, repeated for `seconds`.
    @inline(__always)
    private func rate(_ base: [Float], _ query: [Float], _ count: Int,
                      _ kernel: (UnsafePointer<Float>, UnsafePointer<Float>, Int) -> Float) -> Double {
        let dimension = dim   // read once: an @Option read costs more than a distance
        var sink: Float = 0
        var scored = 0
        let start = Bench.threadCPUSeconds()
        var elapsed = 0.0
        base.withUnsafeBufferPointer { b in
            query.withUnsafeBufferPointer { q in
                repeat {
                    for row in 0..<count { sink += kernel(q.baseAddress!, b.baseAddress! + row * dimension, dimension) }
                    scored += count
                    elapsed = Bench.threadCPUSeconds() - start
                } while elapsed < seconds
            }
        }
        if sink.isNaN { Bench.progress("sink \(sink)") }
        return Double(scored) / elapsed
    }
}
