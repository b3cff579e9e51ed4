// quiver-bench ann for binary indexes (BIN_FLAT, BIN_IVF_FLAT with HAMMING or JACCARD): the float
// dataset is hashed to `bits`-bit codes by SimHash (bit i = sign of the dot product with the
// i-th Gaussian direction, seeded), exact ground truth is computed here by brute force, and the
// same JSON lines as the float sweep are printed.
// Recall with ties: Hamming distances tie often, so a returned row counts as a true neighbour
// when its distance is at most the k-th smallest exact distance (at most k per query).

import ArgumentParser
import Foundation
import Quiver
import QuiverIndex
import QuiverKernels
import Synchronization

struct BinaryDataset {
    let bits: Int
    let base: [UInt8]
    let queries: [UInt8]
    var bytesPerRow: Int { bits / 8 }

    /// SimHash codes of every row of `base` and `queries` against `bits` seeded directions.
    init(base: FloatMatrix, queries: FloatMatrix, bits: Int, seed: UInt64) {
        self.bits = bits
        var random = SeededRandom(seed: seed)
        let dimension = base.dimension
        let directions = (0..<(bits * dimension)).map { _ in random.nextGaussian() }
        func hash(_ matrix: FloatMatrix) -> [UInt8] {
            var codes = [UInt8](repeating: 0, count: matrix.rowCount * bits / 8)
            directions.withUnsafeBufferPointer { d in
                for row in 0..<matrix.rowCount {
                    let vector = Array(matrix.row(row))
                    vector.withUnsafeBufferPointer { v in
                        for bit in 0..<bits where Distance.innerProduct(v.baseAddress!, d.baseAddress! + bit * dimension, count: dimension) > 0 {
                            codes[row * bits / 8 + bit / 8] |= 1 << UInt8(bit % 8)
                        }
                    }
                }
            }
            return codes
        }
        self.base = hash(base)
        self.queries = hash(queries)
    }

    /// The k-th smallest exact distance from query `q` to any base row.
    func kthDistance(query q: Int, k: Int, metric: Metric) -> Float {
        let width = bytesPerRow
        var distances = [Float](repeating: 0, count: base.count / width)
        base.withUnsafeBufferPointer { b in
            queries.withUnsafeBufferPointer { qs in
                let query = UnsafeBufferPointer(rebasing: qs[(q * width)..<((q + 1) * width)])
                for row in distances.indices {
                    let candidate = UnsafeBufferPointer(rebasing: b[(row * width)..<((row + 1) * width)])
                    distances[row] = metric == .jaccard ? Distance.jaccardDistance(query, candidate) : Distance.hamming(query, candidate)
                }
            }
        }
        distances.sort()
        return distances[min(k, distances.count) - 1]
    }
}

extension AnnCommand {
    func runBinary(kind: IndexKind, metric: Metric, buildParameters: [String: Int], sweepName: String, sweepValues: [Int],
                   baseMatrix: FloatMatrix, queryMatrix: FloatMatrix) async throws {
        guard bits > 0, bits % 8 == 0 else { throw ValidationError("--bits must be a positive multiple of 8, got \(bits)") }
        Bench.progress("ann: hashing \(baseMatrix.rowCount) rows to \(bits)-bit codes")
        let data = BinaryDataset(base: baseMatrix, queries: queryMatrix, bits: bits, seed: 11)
        let queryCount = queryMatrix.rowCount
        let thresholds = (0..<queryCount).map { data.kthDistance(query: $0, k: k, metric: metric) }
        let spec = IndexSpec(kind: kind, metric: metric, parameters: buildParameters)
        Bench.progress("ann: building \(kind.rawValue) over \(baseMatrix.rowCount) x \(bits) bits")
        var built: (any BinaryVectorIndex)?
        let buildSeconds = try await Bench.seconds {
            built = try data.base.withUnsafeBufferPointer { try IndexFactory.buildBinary(spec: spec, vectors: $0, dimension: bits) }
        }
        Bench.progressDone()
        let index = built!
        let width = data.bytesPerRow
        let queryRows = (0..<queryCount).map { Array(data.queries[($0 * width)..<(($0 + 1) * width)]) }
        for value in sweepValues {
            let parameters = sweepName == "ef" ? IndexSearchParameters(ef: value) : IndexSearchParameters(nprobe: value)
            var found = [[IndexHit]](repeating: [], count: queryCount)
            let single = try await Bench.seconds {
                for (q, query) in queryRows.enumerated() {
                    found[q] = query.withUnsafeBufferPointer { index.search($0, k: k, parameters: parameters, allowed: nil) }
                }
            }
            let batched = try await Bench.seconds {
                DispatchQueue.concurrentPerform(iterations: queryCount) { q in
                    _ = queryRows[q].withUnsafeBufferPointer { index.search($0, k: k, parameters: parameters, allowed: nil) }
                }
            }
            let hitsFound = found.enumerated().reduce(0) { total, pair in
                total + min(k, pair.element.filter { $0.score <= thresholds[pair.offset] }.count)
            }
            Bench.emit([
                "index": kind.rawValue, "metric": metric.rawValue, "bits": bits, "build": build, "search": "\(sweepName)=\(value)",
                "build_s": Bench.round(buildSeconds, 3),
                "build_vectors_per_s": Int(Double(baseMatrix.rowCount) / buildSeconds),
                "recall": Bench.round(Double(hitsFound) / Double(queryCount * k), 4),
                "qps": Bench.round(Double(queryCount) / single, 1),
                "qps_batched": Bench.round(Double(queryCount) / batched, 1),
                "rss_mb": Bench.round(Self.residentMegabytes(), 1),
                "bytes_per_vector": Bench.round(Double(index.memoryByteCount) / Double(baseMatrix.rowCount), 1),
            ])
        }
    }
}
