// Recall: how much of the true top-k a search found (faiss' recall@k), and a tie-aware check that a
// ranking is the exact answer.
// Invariants: recall is in 0...1; a query whose truth is empty (a filter that allows no row)
// counts 1 when its result is empty too and 0 otherwise, so a leaked row lowers recall; results
// beyond k are ignored. `rankingMismatch` accepts a different order or choice only among equal
// distances (within `tolerance`), the one freedom an exact search has.
// Ownership: stateless; safe from any thread.

public enum Recall {
    /// Mean over queries of |results[0..<k] ∩ truth[0..<k]| / min(k, truth.count) (see the header
    /// for empty truth).
    public static func at<ID: Hashable>(_ k: Int, of results: [[ID]], truth: [[ID]]) -> Double {
        precondition(k > 0, "k must be > 0, got \(k)")
        precondition(results.count == truth.count, "\(results.count) result lists for \(truth.count) truth lists")
        guard !truth.isEmpty else { return 1 }
        var total = 0.0
        for (result, expected) in zip(results, truth) {
            let wanted = Set(expected.prefix(k))
            if wanted.isEmpty {
                total += result.isEmpty ? 1 : 0
                continue
            }
            let found = Set(result.prefix(k)).intersection(wanted).count
            total += Double(found) / Double(wanted.count)
        }
        return total / Double(truth.count)
    }

    /// nil when `result` (ids with distances) is an exact answer equal to `truth` up to ties:
    /// the same length, distances equal position by position within `tolerance` (relative to the
    /// larger magnitude, with 1 as the floor), and each id either the truth's id at that position
    /// or an id whose true distance ties with the truth's. Otherwise a description of the first
    /// difference.
    public static func rankingMismatch<ID>(_ result: [(id: ID, distance: Float)], truth: [OracleHit<ID>],
                                           tolerance: Float = 1e-4) -> String? {
        guard result.count == truth.count else {
            return "\(result.count) hits, expected \(truth.count)"
        }
        func close(_ a: Float, _ b: Float) -> Bool {
            abs(a - b) <= tolerance * max(1, abs(a), abs(b))
        }
        let truthDistances = Dictionary(truth.map { ($0.id, $0.distance) }, uniquingKeysWith: { first, _ in first })
        var seen = Set<ID>()
        for (position, (hit, expected)) in zip(result, truth).enumerated() {
            guard seen.insert(hit.id).inserted else { return "position \(position): id \(hit.id) appears twice" }
            guard close(hit.distance, expected.distance) else {
                return "position \(position): id \(hit.id) distance \(hit.distance), expected \(expected.id) at \(expected.distance)"
            }
            if hit.id != expected.id {
                // A swap is allowed only between equal distances.
                if let trueDistance = truthDistances[hit.id], close(trueDistance, expected.distance) { continue }
                if truthDistances[hit.id] == nil, let cutOff = truth.last, close(cutOff.distance, expected.distance) {
                    continue   // a tie at the cut-off: another row at the same distance
                }
                return "position \(position): id \(hit.id) (distance \(hit.distance)), expected id \(expected.id) (distance \(expected.distance))"
            }
        }
        return nil
    }
}
