// quiver-bench ann: builds one index over a dataset through IndexFactory (the code the database
// uses for every segment) and sweeps a search parameter, printing one JSON line per point:
//   {"index","build","search","build_s","recall","qps","qps_batched","rss_mb"}
// qps: one thread, one query per call (the median of --passes passes). qps_batched: all queries in one call, spread over every
// core (the batch form a server would use). recall: recall@k against truth.npy's first k ids.
// Binary indexes (BIN_FLAT, BIN_IVF_FLAT) hash the same float data to --bits-bit codes and
// compute their own truth (AnnBinary.swift).

import ArgumentParser
import Foundation
import Quiver
import QuiverIndex
import QuiverKernels
import Synchronization

struct AnnCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ann", abstract: "Index build and recall/QPS sweep.")

    @Option var base: String
    @Option var queries: String
    @Option var truth: String
    @Option var metric = "L2"
    @Option var index = "HNSW"
    @Option(help: "build parameters, e.g. M=16,efConstruction=200 or nlist=1024") var build = ""
    @Option(help: "one search parameter and its values, e.g. ef=16,32,64 or nprobe=8,16") var sweep = "ef=64"
    @Option var k = 10
    @Option(help: "use only the first N queries") var queryLimit: Int?
    @Option(help: "code length of binary indexes (SimHash of the float data)") var bits = 256
    @Option(help: "timed single-query passes per point; qps is their median") var passes = 1

    func run() async throws {
        guard let metric = Metric(name: metric) else { throw ValidationError("unknown metric \(metric)") }
        guard let kind = IndexKind(rawValue: index.uppercased()) else { throw ValidationError("unknown index \(index)") }
        let buildParameters = try Self.parameters(build)
        let sweepParts = sweep.split(separator: "=", maxSplits: 1).map(String.init)
        guard sweepParts.count == 2, ["ef", "nprobe"].contains(sweepParts[0]) else {
            throw ValidationError("--sweep must look like ef=16,32 or nprobe=8,16")
        }
        let sweepValues = try sweepParts[1].split(separator: ",").map { part -> Int in
            guard let value = Int(part) else { throw ValidationError("--sweep value '\(part)' is not an integer") }
            return value
        }

        let baseMatrix = try VectorFile.readFloatMatrix(atPath: base)
        var queryMatrix = try VectorFile.readFloatMatrix(atPath: queries)
        let truthMatrix = try VectorFile.readInt64Matrix(atPath: truth)
        let queryCount = min(queryLimit ?? queryMatrix.rowCount, queryMatrix.rowCount, truthMatrix.rowCount)
        queryMatrix = FloatMatrix(rowCount: queryCount, dimension: queryMatrix.dimension,
                                  values: Array(queryMatrix.values.prefix(queryCount * queryMatrix.dimension)))
        guard baseMatrix.dimension == queryMatrix.dimension, truthMatrix.columnCount >= k else {
            throw ValidationError("base, queries and truth do not fit together (dims \(baseMatrix.dimension)/\(queryMatrix.dimension), truth k \(truthMatrix.columnCount))")
        }
        if [.binFlat, .binIVFFlat].contains(kind) {
            return try await runBinary(kind: kind, metric: metric, buildParameters: buildParameters, sweepName: sweepParts[0],
                                       sweepValues: sweepValues, baseMatrix: baseMatrix, queryMatrix: queryMatrix)
        }
        let spec = IndexSpec(kind: kind, metric: metric, parameters: buildParameters)
        Bench.progress("ann: building \(kind.rawValue) over \(baseMatrix.rowCount) x \(baseMatrix.dimension)")
        var built: (any FloatVectorIndex)?
        // IVF builds report their phases; the add phase (assign + encode, after training) is timed
        // on its own, since the add rate is what a growing collection pays per row.
        let phases = PhaseClock()
        var buildCPUSeconds = 0.0
        let buildSeconds = try await Bench.seconds {
            // The build is synchronous, so it runs on one thread from here to its end: that
            // thread's CPU time is the per-core cost however busy the machine is.
            let buildCPUStart = Bench.threadCPUSeconds()
            defer { buildCPUSeconds = Bench.threadCPUSeconds() - buildCPUStart }
            built = try baseMatrix.values.withUnsafeBufferPointer { vectors in
                if [.ivfFlat, .ivfSQ8, .ivfPQ].contains(kind) {
                    return try IVFIndex.build(spec: spec, vectors: vectors, dimension: baseMatrix.dimension,
                                              progress: { phases.mark($0) })
                }
                return try IndexFactory.buildFloat(spec: spec, vectors: vectors, dimension: baseMatrix.dimension)
            }
        }
        let addSeconds = phases.seconds(from: "assigning", to: "built")
        Bench.progressDone()
        let index = built!
        let queryRows = (0..<queryCount).map { Array(queryMatrix.row($0)) }
        let truthRows = (0..<queryCount).map { q in Set(truthMatrix.values[(q * truthMatrix.columnCount)..<(q * truthMatrix.columnCount + k)]) }

        for value in sweepValues {
            let parameters = sweepParts[0] == "ef" ? IndexSearchParameters(ef: value) : IndexSearchParameters(nprobe: value)
            var found = [[IndexHit]](repeating: [], count: queryCount)
            // The median of --passes timed passes (one pass of 1,000 fast queries is ~0.1 s and
            // a scheduler hiccup moves it by tens of percent).
            var passSeconds: [Double] = []
            for _ in 0..<max(1, passes) {
                passSeconds.append(try await Bench.seconds {
                    for (q, query) in queryRows.enumerated() {
                        found[q] = query.withUnsafeBufferPointer { index.search($0, k: k, parameters: parameters, allowed: nil) }
                    }
                })
            }
            let single = passSeconds.sorted()[passSeconds.count / 2]
            let batched = try await Bench.seconds {
                let answered = Mutex(0)
                DispatchQueue.concurrentPerform(iterations: queryCount) { q in
                    let count = queryRows[q].withUnsafeBufferPointer { index.search($0, k: k, parameters: parameters, allowed: nil).count }
                    answered.withLock { $0 += count }
                }
            }
            let hitsFound = zip(found, truthRows).reduce(0) { total, pair in
                total + pair.0.filter { pair.1.contains(Int64($0.row)) }.count
            }
            Bench.emit([
                "index": kind.rawValue, "build": build, "search": "\(sweepParts[0])=\(value)",
                "build_s": Bench.round(buildSeconds, 3),
                "build_vectors_per_s": Int(Double(baseMatrix.rowCount) / buildSeconds),
                "build_cpu_s": Bench.round(buildCPUSeconds, 3),
                "build_vectors_per_cpu_s": Int(Double(baseMatrix.rowCount) / buildCPUSeconds),
                "add_vectors_per_s": addSeconds.map { Int(Double(baseMatrix.rowCount) / $0) } ?? 0,
                "recall": Bench.round(Double(hitsFound) / Double(queryCount * k), 4),
                "qps": Bench.round(Double(queryCount) / single, 1),
                "qps_batched": Bench.round(Double(queryCount) / batched, 1),
                "rss_mb": Bench.round(Self.residentMegabytes(), 1),
                "index_mb": Bench.round(Double(index.memoryByteCount) / 1e6, 1),
                "bytes_per_vector": Bench.round(Double(index.memoryByteCount) / Double(baseMatrix.rowCount), 1),
            ])
        }
    }

    static func parameters(_ text: String) throws -> [String: Int] {
        var result: [String: Int] = [:]
        for pair in text.split(separator: ",") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let value = Int(parts[1]) else { throw ValidationError("build parameter '\(pair)' is not name=integer") }
            result[String(parts[0])] = value
        }
        return result
    }

    /// Resident set size from /proc/self/statm (pages * page size).
    static func residentMegabytes() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return 0 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1e6
    }
}

/// Times between progress messages of a build (matched by a word they contain).
final class PhaseClock: @unchecked Sendable {
    private var marks: [(message: String, at: ContinuousClock.Instant)] = []   // one builder thread
    func mark(_ message: String) { marks.append((message, ContinuousClock.now)) }
    func seconds(from start: String, to end: String) -> Double? {
        guard let a = marks.first(where: { $0.message.contains(start) }), let b = marks.last(where: { $0.message.contains(end) }) else { return nil }
        let elapsed = b.at - a.at
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
