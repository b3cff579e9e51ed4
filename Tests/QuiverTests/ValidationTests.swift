// Every invalid write and search is refused with .invalidArgument and leaves the collection
// exactly as it was: the same count, the same rows, the same search results.

import Quiver
import QuiverTestSupport
import Testing

@Suite struct ValidationTests {
    static let schema = CollectionSchema(fields: [
        .int64PrimaryKey("id"),
        .floatVector("vector", dimension: 4),
        FieldSchema(name: "level", dataType: .int8),
        FieldSchema(name: "name", dataType: .varChar, maxLength: 5, nullable: true),
        FieldSchema(name: "tags", dataType: .array, elementType: .int32, maxCapacity: 2, nullable: true),
    ])

    static func row(_ id: Int64, _ vector: [Float] = [1, 2, 3, 4]) -> Row {
        ["id": .int(id), "vector": .floatVector(vector), "level": .int(1)]
    }

    /// Bad batches: each has valid rows first and the bad row last, so a partial apply would show.
    static let badBatches: [(String, [Row])] = [
        ("wrong dimension", [row(10), row(11, [1, 2, 3])]),
        ("NaN element", [row(10), row(11, [1, .nan, 3, 4])]),
        ("infinite element", [row(10), row(11, [1, 2, .infinity, 4])]),
        ("missing required field", [row(10), ["id": .int(11), "vector": .floatVector([1, 2, 3, 4])]]),
        ("missing key", [row(10), ["vector": .floatVector([1, 2, 3, 4]), "level": .int(1)]]),
        ("null key", [row(10), ["id": .null, "vector": .floatVector([1, 2, 3, 4]), "level": .int(1)]]),
        ("key of the wrong type", [row(10), ["id": .string("eleven"), "vector": .floatVector([1, 2, 3, 4]), "level": .int(1)]]),
        ("unknown field, dynamic field off", [row(10), row(11).merging(["color": .string("red")]) { a, _ in a }]),
        ("Int8 out of range", [row(10), row(11).merging(["level": .int(300)]) { _, b in b }]),
        ("value of the wrong type", [row(10), row(11).merging(["level": .string("high")]) { _, b in b }]),
        ("VarChar too long", [row(10), row(11).merging(["name": .string("abcdef")]) { _, b in b }]),
        ("array over capacity", [row(10), row(11).merging(["tags": .array([.int(1), .int(2), .int(3)])]) { _, b in b }]),
        ("array element out of range", [row(10), row(11).merging(["tags": .array([.int(1 << 40)])]) { _, b in b }]),
        ("key repeated in the batch", [row(10), row(11), row(10)]),
        ("vector in a scalar field", [row(10), row(11).merging(["level": .floatVector([1])]) { _, b in b }]),
    ]

    @Test(arguments: badBatches.indices)
    func invalidBatchChangesNothing(index: Int) async throws {
        let (what, batch) = Self.badBatches[index]
        let (_, db, c) = try await TestDatabase.withCollection(Self.schema)
        try await c.insert([Self.row(1, [0, 0, 0, 1]), Self.row(2, [0, 1, 0, 0])])
        try await c.flush()
        try await c.insert([Self.row(3, [1, 0, 0, 0])])
        let query: [[Float]] = [[0, 0, 0.5, 0.5]]
        let hitsBefore = try await c.search(query, k: 10)
        let rowsBefore = bitExact(try await storedRows(c, ids: [1, 2, 3, 10, 11]))

        let insertError = await expectQuiverError(.invalidArgument) { try await c.insert(batch) }
        #expect(insertError?.message.contains("row") == true, "\(what): the message names the row")
        await expectQuiverError(.invalidArgument) { try await c.upsert(batch) }

        #expect(c.count == 3, "\(what)")
        #expect(try await c.search(query, k: 10) == hitsBefore, "\(what)")
        #expect(bitExact(try await storedRows(c, ids: [1, 2, 3, 10, 11])) == rowsBefore, "\(what)")
        // The collection still takes good writes.
        try await c.insert([Self.row(10)])
        #expect(c.count == 4)
        await db.close()
    }

    @Test func invalidVectorInsertsAndSearchesChangeNothing() async throws {
        let (_, db, c) = try await TestDatabase.withCollection(.simple(dimension: 4))
        try await c.insert(ids: [1, 2], vectors: [[1, 0, 0, 0], [0, 1, 0, 0]])
        let before = try await c.search([[1, 1, 0, 0]], k: 5)

        await expectQuiverError(.invalidArgument) { try await c.insert(ids: [3, 4], vectors: [[1, 0, 0, 0], [1, 0, 0]]) }
        await expectQuiverError(.invalidArgument) { try await c.insert(ids: [3], vectors: [[1, 0, 0, 0], [0, 0, 0, 1]]) }
        await expectQuiverError(.invalidArgument) { try await c.insert(ids: [3, 4], flatVectors: [1, 0, 0, 0, 1, 0, 0]) }
        await expectQuiverError(.invalidArgument) { try await c.insert(ids: [3, 4], vectors: [[1, 0, 0, 0], [.nan, 0, 0, 0]]) }
        await expectQuiverError(.invalidArgument) { try await c.insert(ids: nil, vectors: [[1, 0, 0, 0]]) }
        await expectQuiverError(.invalidArgument) { try await c.insert(ids: [3, 3], vectors: [[1, 0, 0, 0], [0, 0, 1, 0]]) }
        await expectQuiverError(.invalidArgument) { try await c.delete(ids: ["three"]) }

        await expectQuiverError(.invalidArgument) { try await c.search([[1, 1, 0, 0]], k: 0) }
        await expectQuiverError(.invalidArgument) { try await c.search([[1, 1, 0, 0]], k: 16385) }
        await expectQuiverError(.invalidArgument) { try await c.search([], k: 1) }
        await expectQuiverError(.invalidArgument) { try await c.search([[1, 1, 0]], k: 1) }
        await expectQuiverError(.invalidArgument) { try await c.search([[1, .nan, 0, 0]], k: 1) }
        await expectQuiverError(.invalidArgument) { try await c.search([[1, 1, 0, 0]], k: 1, metric: .hamming) }
        await expectQuiverError(.invalidArgument) { try await c.search([[1, 1, 0, 0]], k: 1, field: "nope") }
        await expectQuiverError(.invalidArgument) { try await c.search([[1, 1, 0, 0]], k: 1, outputFields: ["nope"]) }
        await expectQuiverError(.invalidArgument) { try await c.search(binary: [[1]], k: 1) }

        #expect(c.count == 2)
        #expect(try await c.search([[1, 1, 0, 0]], k: 5) == before)
        #expect(try await c.get(ids: [3, 4]).isEmpty)
        await db.close()
    }
}
