// TortureWorkload: the seeded operation sequence. The operation at step k is a pure function of
// (seed, k), so a restarted worker continues from any step and the driver knows which operation
// was in flight without being told. Inserts use ids only their step can produce (k * 64 + i), so
// an insert never collides; upserts and deletes pick ids that earlier steps may have inserted.

enum TortureOperation: Equatable {
    case insert(ids: [Int64])
    case upsert(ids: [Int64])
    case deleteIDs([Int64])
    case deleteFilter(bucket: Int64)
    case flush
    case compact
    case search

    var name: String {
        switch self {
        case .insert: "insert"
        case .upsert: "upsert"
        case .deleteIDs: "delete_ids"
        case .deleteFilter: "delete_filter"
        case .flush: "flush"
        case .compact: "compact"
        case .search: "search"
        }
    }

    /// Whether the operation changes the rows (and so may be half-way in flight at a kill).
    var isMutation: Bool {
        switch self {
        case .insert, .upsert, .deleteIDs, .deleteFilter: true
        case .flush, .compact, .search: false
        }
    }

    var ids: [Int64] {
        switch self {
        case .insert(let ids), .upsert(let ids), .deleteIDs(let ids): ids
        default: []
        }
    }

    static func filter(bucket: Int64) -> String { "bucket == \(bucket)" }
}

struct TortureWorkload: Sendable {
    static let idsPerStep: Int64 = 64
    let seed: UInt64
    let maxBatchRows: Int

    func operation(at step: Int) -> TortureOperation {
        var random = TortureRandom(seed: TortureData.mix(seed, 0x574F_524B, UInt64(step)))
        let roll = random.next() % 100
        let rowCount = 1 + Int(random.next() % UInt64(maxBatchRows))
        if step == 0 || roll < 35 {
            return .insert(ids: (0..<Int64(rowCount)).map { Int64(step) * Self.idsPerStep + $0 })
        }
        /// An id that step `s < step` inserted if it was an insert with enough rows.
        func earlierID() -> Int64 {
            Int64(random.next() % UInt64(step)) * Self.idsPerStep + Int64(random.next() % UInt64(maxBatchRows))
        }
        func distinctEarlierIDs() -> [Int64] {
            var seen = Set<Int64>()
            return (0..<rowCount).map { _ in earlierID() }.filter { seen.insert($0).inserted }
        }
        switch roll {
        case ..<55: return .upsert(ids: distinctEarlierIDs())
        case ..<70: return .deleteIDs(distinctEarlierIDs())
        case ..<74: return .deleteFilter(bucket: Int64(random.next() % UInt64(TortureData.bucketCount)))
        case ..<83: return .flush
        case ..<87: return .compact
        default: return .search
        }
    }
}
