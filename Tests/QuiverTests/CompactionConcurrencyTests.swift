// Writers, deleters, searchers and the compactor at once, checked against a history of
// acknowledged operations: a search may return a row only if its insert began before the search
// ended and no delete of it was acknowledged before the search began; distances are exact; no
// row appears twice. After the storm the collection equals the reference model exactly, also
// after a reopen. Bounded by operation counts, never by time.

import Foundation
import Quiver
import QuiverFileSystem
import Testing

private actor History {
    private var clock = 0
    private(set) var insertBegan: [Int64: Int] = [:]
    private(set) var deleteAcknowledged: [Int64: Int] = [:]
    private(set) var live = Set<Int64>()

    func tick() -> Int {
        clock += 1
        return clock
    }

    func beginInsert(_ ids: [Int64]) -> Int {
        let now = tick()
        for id in ids { insertBegan[id] = now }
        return now
    }

    func acknowledgeInsert(_ ids: [Int64]) { live.formUnion(ids) }

    func acknowledgeDelete(_ ids: [Int64]) {
        let now = tick()
        for id in ids {
            deleteAcknowledged[id] = now
            live.remove(id)
        }
    }

    /// Why a hit is impossible, or nil if it is consistent with the history.
    func violation(id: Int64, searchBegan: Int, searchEnded: Int) -> String? {
        guard let began = insertBegan[id], began < searchEnded else { return "row \(id) returned before its insert began" }
        if let deleted = deleteAcknowledged[id], deleted < searchBegan { return "row \(id) returned after its delete was acknowledged" }
        return nil
    }
}

@Suite struct CompactionConcurrencyTests {
    static func vector(_ id: Int64) -> [Float] {
        [Float(id % 97), Float(id % 13), Float(id / 100), 1]
    }

    @Test func writersDeletersSearchersAndCompactorAgreeWithTheHistory() async throws {
        var options = DatabaseOptions(durability: .sync, flushInterval: .milliseconds(5))
        options.compaction.checkInterval = .milliseconds(5)
        options.compaction.minimumMergeCount = 2
        let fs = MemoryFileSystem()
        let db = try await Database.open(at: "/db", options: options, fileSystem: fs)
        let docs = try await db.createCollection("docs", schema: .simple(dimension: 4))
        let history = History()
        let writerCount = 3, batchesPerWriter = 40, batchSize = 10

        try await withThrowingTaskGroup(of: [String].self) { group in
            for writer in 0..<writerCount {
                group.addTask {
                    for batch in 0..<batchesPerWriter {
                        let first = Int64((writer * batchesPerWriter + batch) * batchSize)
                        let ids = (first..<(first + Int64(batchSize))).map { $0 }
                        _ = await history.beginInsert(ids)
                        try await docs.insert(ids: ids.map { .int($0) }, vectors: ids.map(Self.vector))
                        await history.acknowledgeInsert(ids)
                        if batch % 3 == 2 {   // delete a third of an earlier batch
                            let victims = ids.prefix(4).map { $0 - Int64(2 * batchSize) }.filter { $0 >= Int64(writer * batchesPerWriter * batchSize) }
                            try await docs.delete(ids: victims.map { .int($0) })
                            await history.acknowledgeDelete(victims)
                        }
                    }
                    return []
                }
            }
            for searcher in 0..<2 {
                group.addTask {
                    var problems: [String] = []
                    for probe in 0..<60 {
                        let query = Self.vector(Int64(probe * 7 + searcher))
                        let began = await history.tick()
                        let hits = try await docs.search([query], k: 25)[0]
                        let ended = await history.tick()
                        if Set(hits.map(\.id)).count != hits.count { problems.append("duplicate ids in one result") }
                        for hit in hits {
                            guard case .int(let id) = hit.id else { continue }
                            if let problem = await history.violation(id: id, searchBegan: began, searchEnded: ended) { problems.append(problem) }
                            let expected = zip(query, Self.vector(id)).reduce(Float(0)) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
                            if hit.distance != expected { problems.append("row \(id): distance \(hit.distance), expected \(expected)") }
                        }
                        if probe % 10 == 0 { _ = try await docs.compact() }
                    }
                    return problems
                }
            }
            var problems: [String] = []
            for try await found in group { problems += found }
            #expect(problems.isEmpty, "\(problems.prefix(5))")
        }

        let live = await history.live
        #expect(docs.count == live.count)
        try await docs.flush()   // deletes in the buffer reach a segment, where compaction drops them
        _ = try await docs.compact()
        let stats = await docs.statistics()
        #expect(stats.deletedRowCount == 0)
        let everything = try await docs.get(ids: live.map { .int($0) }, outputFields: ["vector"])
        #expect(everything.count == live.count)
        #expect(everything.allSatisfy { row in
            guard case .int(let id) = row["id"]! else { return false }
            return row["vector"] == .floatVector(Self.vector(id))
        })
        await db.close()

        let reopened = try await Database.open(at: "/db", options: options, fileSystem: fs)
        let again = try reopened.collection("docs")
        #expect(again.count == live.count)
        let all = try await again.get(ids: (0..<Int64(writerCount * batchesPerWriter * batchSize)).map { .int($0) })
        #expect(Set(all.compactMap { $0["id"] }) == Set(live.map { FieldValue.int($0) }))
        await reopened.close()
    }
}
