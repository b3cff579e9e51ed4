// TortureModel: the reference the driver keeps: which ids are live and at which version (the step
// that wrote them), and which were deleted since. Expected values are recomputed from
// (seed, id, version) by TortureData, so the model holds no vectors.
// Invariants: an id is never both live and in `deleted`.
// Ownership: the driver's, one task.

struct TortureModel: Equatable {
    let seed: UInt64
    /// Live id -> the step that last wrote it.
    private(set) var versions: [Int64: Int] = [:]
    /// Ids deleted and not written again since.
    private(set) var deleted: Set<Int64> = []

    init(seed: UInt64) { self.seed = seed }

    /// Applies a mutation as of `step`. Returns how many rows a delete removes (nil otherwise), or
    /// a problem when an insert names a live id (the worker must have got `.alreadyExists`).
    mutating func apply(_ operation: TortureOperation, step: Int) -> (count: Int?, problem: String?) {
        switch operation {
        case .insert(let ids):
            if let live = ids.first(where: { versions[$0] != nil }) {
                return (nil, "insert of id \(live) acknowledged though the id was live")
            }
            write(ids, step: step)
        case .upsert(let ids):
            write(ids, step: step)
        case .deleteIDs(let ids):
            return (remove(ids.filter { versions[$0] != nil }), nil)
        case .deleteFilter(let bucket):
            return (remove(versions.filter { values(of: $0.key)!.bucket == bucket }.map(\.key)), nil)
        case .flush, .compact, .search:
            break
        }
        return (nil, nil)
    }

    private mutating func write(_ ids: [Int64], step: Int) {
        for id in ids {
            versions[id] = step
            deleted.remove(id)
        }
    }

    private mutating func remove(_ ids: [Int64]) -> Int {
        for id in ids {
            versions[id] = nil
            deleted.insert(id)
        }
        return ids.count
    }

    func values(of id: Int64) -> TortureData.Values? {
        versions[id].map { TortureData.values(seed: seed, id: id, version: $0) }
    }

    /// Every live row's expected values.
    var expectedRows: [Int64: TortureData.Values] {
        versions.reduce(into: [:]) { result, entry in result[entry.key] = TortureData.values(seed: seed, id: entry.key, version: entry.value) }
    }

    /// The k smallest squared L2 distances from `query` to the live rows, ascending (brute force).
    func nearestDistances(to query: [Float], k: Int) -> [Double] {
        Array(expectedRows.values.map { squaredL2(query, $0.vector) }.sorted().prefix(k))
    }
}

func squaredL2(_ a: [Float], _ b: [Float]) -> Double {
    zip(a, b).reduce(0) { sum, pair in
        let difference = Double(pair.0) - Double(pair.1)
        return sum + difference * difference
    }
}
