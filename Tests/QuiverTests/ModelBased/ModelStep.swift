// One step of the model-based test: an operation on the collection (or on the database's life:
// reopen, crash), with arguments small enough to print and to simplify. Vectors are not stored in
// a step; they are derived from (id, vectorSeed), so a printed step reproduces the run exactly.
// Invariants: ids lie in 0..<ModelStep.keySpace and groups in 0..<ModelStep.groupCount, so
// generated sequences collide on keys often; `simplifications` never grows a step.
// Ownership: values; used by ModelRunner, ModelStepGenerator and Shrinker.

import Quiver
import QuiverKernels

enum ModelStep: Sendable, Equatable, CustomStringConvertible {
    case insert(ids: [Int], vectorSeed: Int)
    case upsert(ids: [Int], vectorSeed: Int)
    case deleteIDs([Int])
    /// `delete(filter: "group == g")`.
    case deleteGroup(Int)
    case flush
    case compact
    /// A k-nearest search for one query vector, compared with a brute-force search of the model.
    case search(querySeed: Int, k: Int)
    /// `count(filter: "group == g")` and `query(filter: "group == g")`, compared with the model.
    case countGroup(Int)
    case get([Int])
    /// Close the database cleanly and open it again.
    case reopen
    /// A power loss (unsynced bytes dropped) or a process kill (unsynced bytes kept), then recovery.
    case crash(keepUnsynced: Bool)

    static let keySpace = 24
    static let groupCount = 3
    static let dimension = 4

    var description: String {
        switch self {
        case .insert(let ids, let seed): ".insert(ids: \(ids), vectorSeed: \(seed))"
        case .upsert(let ids, let seed): ".upsert(ids: \(ids), vectorSeed: \(seed))"
        case .deleteIDs(let ids): ".deleteIDs(\(ids))"
        case .deleteGroup(let group): ".deleteGroup(\(group))"
        case .flush: ".flush"
        case .compact: ".compact"
        case .search(let seed, let k): ".search(querySeed: \(seed), k: \(k))"
        case .countGroup(let group): ".countGroup(\(group))"
        case .get(let ids): ".get(\(ids))"
        case .reopen: ".reopen"
        case .crash(let keep): ".crash(keepUnsynced: \(keep))"
        }
    }

    /// The row a write step stores for `id`: its vector and group follow from (id, vectorSeed).
    static func row(id: Int, vectorSeed: Int) -> Row {
        var random = SplitMix64(seed: UInt64(id) &* 0x1_0000 &+ UInt64(vectorSeed))
        let vector = (0..<dimension).map { _ in Float(random.next(below: 2001)) / 100 - 10 }
        return ["id": .int(Int64(id)), "vector": .floatVector(vector), "group": .int(Int64((id + vectorSeed) % groupCount))]
    }

    static func query(seed: Int) -> [Float] {
        var random = SplitMix64(seed: 0xC0FFEE &+ UInt64(seed))
        return (0..<dimension).map { _ in Float(random.next(below: 2001)) / 100 - 10 }
    }

    /// Simpler variants of this step, simplest first: fewer ids, smaller ids, seed 0, k 1, group 0.
    var simplifications: [ModelStep] {
        switch self {
        case .insert(let ids, let seed):
            return Self.simpler(ids).map { .insert(ids: $0, vectorSeed: seed) } + (seed == 0 ? [] : [.insert(ids: ids, vectorSeed: 0)])
        case .upsert(let ids, let seed):
            return Self.simpler(ids).map { .upsert(ids: $0, vectorSeed: seed) } + (seed == 0 ? [] : [.upsert(ids: ids, vectorSeed: 0)])
        case .deleteIDs(let ids): return Self.simpler(ids).map { .deleteIDs($0) }
        case .get(let ids): return Self.simpler(ids).map { .get($0) }
        case .deleteGroup(let group): return group == 0 ? [] : [.deleteGroup(0)]
        case .countGroup(let group): return group == 0 ? [] : [.countGroup(0)]
        case .search(let seed, let k):
            return (k == 1 ? [] : [.search(querySeed: seed, k: 1)]) + (seed == 0 ? [] : [.search(querySeed: 0, k: k)])
        case .crash(let keep): return keep ? [.crash(keepUnsynced: false)] : []
        case .flush, .compact, .reopen: return []
        }
    }

    /// Id lists with one id dropped (never empty), then with one id made smaller.
    private static func simpler(_ ids: [Int]) -> [[Int]] {
        var lists: [[Int]] = []
        if ids.count > 1 {
            for index in ids.indices { var fewer = ids; fewer.remove(at: index); lists.append(fewer) }
        }
        for index in ids.indices where ids[index] > 0 {
            for smaller in Set([0, ids[index] / 2, ids[index] - 1]).sorted() where !ids.contains(smaller) {
                var list = ids; list[index] = smaller; lists.append(list)
            }
        }
        return lists
    }
}
