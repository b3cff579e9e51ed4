// WorkerLog: the worker's stdout lines (see TortureWorker) replayed against the workload and the
// model: each acknowledgement must be the next step, name the operation the workload defines for
// it, and report the counts and search results the model predicts.
// Ownership: the driver's, one task.

import Foundation

struct WorkerLog {
    /// Acknowledged operations, in order.
    var acknowledgedCount = 0
    /// The step begun but not acknowledged when the child died, if any.
    var inFlightStep: Int?
    /// The step after the last acknowledged one.
    var nextStep: Int
    var problems: [String] = []
    /// The step a problem was found at (for the report).
    var problemStep: Int?

    init(startStep: Int) { nextStep = startStep }

    /// Replays `lines` onto `model`; stops at the first problem.
    mutating func replay(_ lines: [String], workload: TortureWorkload, model: inout TortureModel) {
        for line in lines {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else {
                return fail("unreadable worker line: \(line.prefix(200))", at: nextStep)
            }
            if object["ready"] != nil { continue }
            if let begun = object["begin"] as? Int {
                guard begun == nextStep else { return fail("worker began step \(begun), expected \(nextStep)", at: begun) }
                inFlightStep = begun
                continue
            }
            guard let step = object["step"] as? Int, step == nextStep else {
                return fail("worker acknowledged \(line.prefix(200)), expected step \(nextStep)", at: nextStep)
            }
            if let error = object["error"] as? String { return fail("worker failed: \(error)", at: step) }
            let operation = workload.operation(at: step)
            guard object["op"] as? String == operation.name, (object["ids"] as? [Int] ?? []).map(Int64.init) == operation.ids else {
                return fail("acknowledgement \(line.prefix(200)) is not the workload's \(operation.name) \(operation.ids)", at: step)
            }
            if case .search = operation {
                let hits = (object["hits"] as? [Int] ?? []).map(Int64.init)
                let distances = (object["distances"] as? [Double]) ?? (object["distances"] as? [Int])?.map(Double.init) ?? []
                if let problem = Self.checkSearch(hits: hits, distances: distances, step: step, model: model) {
                    return fail(problem, at: step)
                }
            }
            let outcome = model.apply(operation, step: step)
            if let problem = outcome.problem { return fail(problem, at: step) }
            if let expected = outcome.count, object["count"] as? Int != expected {
                return fail("\(operation.name) at step \(step) reported \(object["count"] ?? "nothing") deleted rows, the model \(expected)", at: step)
            }
            acknowledgedCount += 1
            inFlightStep = nil
            nextStep = step + 1
        }
    }

    private mutating func fail(_ problem: String, at step: Int) {
        problems.append(problem)
        problemStep = step
    }

    /// Hits must be live, ascending, min(k, live) of them, at the true k smallest distances.
    static func checkSearch(hits: [Int64], distances: [Double], step: Int, model: TortureModel) -> String? {
        let query = TortureData.query(seed: model.seed, step: step)
        let truth = model.nearestDistances(to: query, k: TortureData.searchK)
        func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-4 * max(1, abs(b)) }
        guard hits.count == truth.count, distances.count == hits.count else {
            return "search at step \(step) returned \(hits.count) hits, expected \(truth.count)"
        }
        for (hit, distance) in zip(hits, distances) {
            guard let values = model.values(of: hit) else { return "search at step \(step) returned id \(hit), which is not live" }
            guard close(distance, squaredL2(query, values.vector)) else {
                return "search at step \(step) gave id \(hit) distance \(distance), its vector is at \(squaredL2(query, values.vector))"
            }
        }
        guard zip(distances, truth).allSatisfy(close) else {
            return "search at step \(step) returned distances \(distances), the nearest live rows are at \(truth)"
        }
        return nil
    }
}
