// The embedded API end to end on a real directory: create, insert, search, delete, reopen.

import Foundation
import Quiver
import Testing

@Suite struct DatabaseRoundTripTests {
    @Test func insertSearchDeleteAndReopen() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("quiver-roundtrip-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }

        let db = try await Database.open(at: path)
        let docs = try await db.createCollection("docs", schema: .simple(dimension: 4))
        try await docs.insert(ids: [1, 2, 3], vectors: [[0, 0, 0, 1], [0, 0, 1, 0], [1, 0, 0, 0]])
        var hits = try await docs.search([[0, 0, 0, 0.9]], k: 2)
        #expect(hits[0].map(\.id) == [1, 2])
        #expect(abs(hits[0][0].distance - 0.01) < 1e-5)

        #expect(try await docs.delete(ids: [1, 7]) == 1)
        hits = try await docs.search([[0, 0, 0, 0.9]], k: 2)
        #expect(hits[0].map(\.id) == [2, 3])
        try await docs.flush()
        try await docs.insert(ids: [4], vectors: [[0, 0, 0, 1]])
        await db.close()

        let reopened = try await Database.open(at: path)
        let again = try reopened.collection("docs")
        #expect(again.count == 3)
        hits = try await again.search([[0, 0, 0, 0.9]], k: 3)
        #expect(hits[0].map(\.id) == [4, 2, 3])
        let rows = try await again.get(ids: [1, 4])
        #expect(rows.count == 1)
        #expect(rows.first?["vector"] == .floatVector([0, 0, 0, 1]))
        await reopened.close()
    }
}
