// quiver-bench filter: filtered search and query-by-filter through the embedded API.
// The base vectors get an Int32 field `bucket` uniform in 0..<1000 (seeded), so the filter
// `bucket < B` passes B / 1000 of the rows. Prints one JSON line per point:
//   search: recall@k against the exact filtered answer and QPS (one thread, one query per call)
//           at each selectivity, next to unfiltered, with the HNSW (or --index HNSW_SQ) index on the segment; then the
//           same with a scalar index on `bucket` ("scalar_index": true);
//   query:  count(filter) per second and collection rows covered per second, without and with
//           the scalar index, for a pure restriction and for a general filter.

import ArgumentParser
import Foundation
import Quiver
import QuiverKernels

struct FilterBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "filter", abstract: "Filtered search and query-by-filter.")

    @Option var base: String
    @Option var queries: String
    @Option var queryLimit = 200
    @Option var k = 10
    @Option var ef = 96
    @Option(help: "the graph index on the segment: HNSW or HNSW_SQ") var index = "HNSW"
    @Option(help: "HNSW build parameters") var build = "M=16,efConstruction=200"
    @Option(help: "bucket thresholds B of `bucket < B` (selectivity B/1000)") var thresholds = "1,10,100,500,990"

    func run() async throws {
        let baseMatrix = try VectorFile.readFloatMatrix(atPath: base)
        let queryMatrix = try VectorFile.readFloatMatrix(atPath: queries)
        let queryRows = (0..<min(queryLimit, queryMatrix.rowCount)).map { Array(queryMatrix.row($0)) }
        let cuts = try thresholds.split(separator: ",").map { part -> Int in
            guard let value = Int(part), (1...1000).contains(value) else { throw ValidationError("threshold '\(part)' is not in 1...1000") }
            return value
        }
        let path = Bench.scratchDirectory("filter")
        defer { Bench.remove(path) }
        var options = DatabaseOptions(durability: .async, flushInterval: .seconds(3600))
        options.compaction.isEnabled = false
        let database = try await Database.open(at: path, options: options)
        let schema = CollectionSchema(fields: [.int64PrimaryKey("id"), .floatVector("vector", dimension: baseMatrix.dimension),
                                               FieldSchema(name: "bucket", dataType: .int32)])
        let collection = try await database.createCollection("filter", schema: schema)
        var random = SeededRandom(seed: 5)
        for start in stride(from: 0, to: baseMatrix.rowCount, by: 10_000) {
            let end = min(start + 10_000, baseMatrix.rowCount)
            let rows: [Row] = (start..<end).map { id in
                ["id": .int(Int64(id)), "vector": .floatVector(Array(baseMatrix.row(id))), "bucket": .int(Int64(random.next() % 1000))]
            }
            try await collection.insert(rows)
            Bench.progress("filter: load \(end)/\(baseMatrix.rowCount)")
        }
        try await collection.flush()
        Bench.progressDone()

        let filters: [String?] = [nil] + cuts.map { "bucket < \($0)" }
        var truth: [String: [Set<Int64>]] = [:]
        for filter in filters {
            Bench.progress("filter: exact answers for \(filter ?? "no filter")")
            truth[filter ?? ""] = try await queryRows.asyncMap { query in
                Set(try await collection.search([query], k: k, filter: filter)[0].compactMap { Self.id($0.id) })
            }
        }
        Bench.progressDone()
        let parameters = try AnnCommand.parameters(build)
        guard let kind = IndexKind(rawValue: index.uppercased()), kind.isHNSW else { throw ValidationError("--index must be HNSW or HNSW_SQ") }
        Bench.progress("filter: building \(kind.rawValue) \(build)")
        try await collection.createIndex(spec: IndexSpec(kind: kind, metric: .l2, parameters: parameters))
        try await collection.buildIndexes()
        Bench.progressDone()

        for scalarIndex in [false, true] {
            if scalarIndex { try await collection.createScalarIndex(field: "bucket", kind: .stlSort) }
            for filter in filters {
                var found = 0
                var answers: [[SearchHit]] = []
                let seconds = try await Bench.seconds {
                    answers = try await queryRows.asyncMap { try await collection.search([$0], k: k, ef: ef, filter: filter)[0] }
                }
                for (q, hits) in answers.enumerated() {
                    found += hits.compactMap { Self.id($0.id) }.filter { truth[filter ?? ""]![q].contains($0) }.count
                }
                let expected = truth[filter ?? ""]!.reduce(0) { $0 + $1.count }
                Bench.emit(["benchmark": "filter", "phase": "search", "filter": filter ?? "", "index": index.uppercased(), "scalar_index": scalarIndex,
                            "selectivity": filter == nil ? 1.0 : Double(cuts[filters.firstIndex(of: filter)! - 1]) / 1000,
                            "ef": ef, "k": k, "recall": Bench.round(Double(found) / Double(max(expected, 1)), 4),
                            "qps": Bench.round(Double(queryRows.count) / seconds, 1)])
            }
            // "restriction": a pure field restriction (typed column scan, or the index when it
            // names few rows); "general": the same plus an arithmetic test, so the row-at-a-time
            // evaluator runs on every row it is given (all rows, or the index's candidates).
            for cut in cuts {
              for (shape, filter) in [("restriction", "bucket < \(cut)"), ("general", "bucket < \(cut) and bucket * 2 >= 0")] {
                var repetitions = 0, matched = 0
                let seconds = try await Bench.seconds {
                    repeat {
                        matched = try await collection.count(filter: filter)
                        repetitions += 1
                    } while repetitions < 5
                }
                Bench.emit(["benchmark": "filter", "phase": "query", "shape": shape, "filter": filter, "scalar_index": scalarIndex,
                            "selectivity": Double(cut) / 1000, "matched_rows": matched,
                            "counts_per_s": Bench.round(Double(repetitions) / seconds, 1),
                            "rows_per_s": Int(Double(repetitions * baseMatrix.rowCount) / seconds)])
              }
            }
        }
        await database.close()
    }

    static func id(_ key: PrimaryKey) -> Int64? {
        if case .int(let value) = key { return value }
        return nil
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        result.reserveCapacity(count)
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
