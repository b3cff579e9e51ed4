// The README's embedded example, compiled and run, so the front page stays true.

import Quiver
import QuiverFileSystem
import Testing

@Suite struct ReadmeExampleTests {
    @Test func theEmbeddedExampleRuns() async throws {
        let v1 = [Float](repeating: 0.1, count: 384)
        let query = [Float](repeating: 0.1, count: 384)
        let db = try await Database.open(at: "data", fileSystem: MemoryFileSystem())
        let docs = try await db.createCollection("docs", schema: CollectionSchema(fields: [
            .int64PrimaryKey("id"),
            .floatVector("embedding", dimension: 384, metric: .cosine),
            FieldSchema(name: "title", dataType: .varChar, maxLength: 200),
            FieldSchema(name: "year", dataType: .int32, nullable: true),
        ], enableDynamicField: true))

        try await docs.insert([
            ["id": 1, "embedding": .floatVector(v1), "title": "Arrows", "year": 2021, "lang": "en"],
        ])
        let hits = try await docs.search([query], k: 10, outputFields: ["title"],
                                         filter: "year > 2020 and lang == \"en\"")
        let rows = try await docs.query(filter: "title like \"Arr%\"", outputFields: ["title"])
        try await docs.createIndex(spec: IndexSpec(kind: .hnsw, metric: .cosine, parameters: ["M": 16, "efConstruction": 200]))
        #expect(hits[0].map(\.id) == [1])
        #expect(hits[0].first?.fields["title"] == "Arrows")
        #expect(rows.first?["title"] == "Arrows")
        try await docs.delete(ids: [1])
        #expect(docs.count == 0)
        await db.close()
    }
}
