// quiver-bench generate: a deterministic clustered dataset with exact ground truth, as .npy:
// base.npy (count x dim float32), queries.npy (queries x dim), truth.npy (queries x 100 int64,
// the exact nearest base rows by L2, best first). Truth comes from the same exact search the
// database uses (cblas_sgemm in row chunks), so it is exact up to float rounding.

import ArgumentParser
import Foundation
import Quiver
import QuiverKernels

struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "generate", abstract: "Write a clustered dataset with exact truth.")

    @Option var count = 100_000
    @Option var dim = 128
    @Option var queries = 1000
    @Option var seed: UInt64 = 42
    @Option(help: "clusters in the data") var clusters = 200
    @Option(help: "output directory") var out: String

    func run() async throws {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        var random = SeededRandom(seed: seed)
        let centers = (0..<(clusters * dim)).map { _ in random.nextGaussian() }
        // Per-dimension scale decays like real embeddings after PCA.
        let scale = (0..<dim).map { 1 / Float(1 + $0).squareRoot() }
        func draw(_ n: Int) -> [Float] {
            var values = [Float](repeating: 0, count: n * dim)
            for row in 0..<n {
                let center = Int(random.next() % UInt64(clusters))
                for d in 0..<dim {
                    values[row * dim + d] = (centers[center * dim + d] * 0.5 + random.nextGaussian()) * scale[d]
                }
            }
            return values
        }
        let base = draw(count)
        let queryVectors = draw(queries)
        Bench.progress("generate: computing exact truth for \(queries) queries over \(count) rows")
        let truth = Self.exactTruth(base: base, queries: queryVectors, dimension: dim, k: 100)
        Bench.progressDone()
        try VectorFile.writeNPY(floats: base, rowCount: count, dimension: dim, toPath: out + "/base.npy")
        try VectorFile.writeNPY(floats: queryVectors, rowCount: queries, dimension: dim, toPath: out + "/queries.npy")
        try VectorFile.writeNPY(int64s: truth, rowCount: queries, columnCount: 100, toPath: out + "/truth.npy")
        Bench.emit(["benchmark": "generate", "count": count, "dim": dim, "queries": queries, "seed": Int(seed), "out": out])
    }

    /// The `k` nearest base rows (L2) of every query, row-major [queries][k].
    static func exactTruth(base: [Float], queries: [Float], dimension: Int, k: Int) -> [Int64] {
        let baseCount = base.count / dimension, queryCount = queries.count / dimension
        var heaps = (0..<queryCount).map { _ in TopK(k: k, largerIsCloser: false) }
        let chunk = 4096
        var scores = [Float](repeating: 0, count: chunk * queryCount)
        base.withUnsafeBufferPointer { basePointer in
            queries.withUnsafeBufferPointer { queryPointer in
                scores.withUnsafeMutableBufferPointer { out in
                    for first in stride(from: 0, to: baseCount, by: chunk) {
                        let n = min(chunk, baseCount - first)
                        let rows = UnsafeBufferPointer(rebasing: basePointer[(first * dimension)..<((first + n) * dimension)])
                        BatchDistances.scoreFloatRows(metric: .l2, queries: queryPointer, queryCount: queryCount, base: rows,
                                                      baseCount: n, dimension: dimension,
                                                      into: UnsafeMutableBufferPointer(rebasing: out[0..<(n * queryCount)]))
                        for q in 0..<queryCount {
                            for i in 0..<n where heaps[q].accepts(out[q * n + i]) {
                                heaps[q].push(score: out[q * n + i], label: first + i)
                            }
                        }
                    }
                }
            }
        }
        return heaps.flatMap { $0.sortedResults().map { Int64($0.label) } }
    }
}
