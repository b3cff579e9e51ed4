// A schema with every field type, nullable and default fields and the dynamic field: what a row
// stores comes back through get unchanged (in canonical form) from the buffer, from a segment and
// after a reopen that replays the WAL or reads the segment.

import Foundation
import Quiver
import QuiverFileSystem
import QuiverTestSupport
import Testing

@Suite struct SchemaRoundTripTests {
    static let schema = CollectionSchema(fields: [
        .int64PrimaryKey("id"),
        .floatVector("embedding", dimension: 4, metric: .cosine),
        .binaryVector("fingerprint", dimension: 16, metric: .jaccard),
        FieldSchema(name: "flag", dataType: .bool),
        FieldSchema(name: "tiny", dataType: .int8),
        FieldSchema(name: "small", dataType: .int16),
        FieldSchema(name: "medium", dataType: .int32),
        FieldSchema(name: "large", dataType: .int64),
        FieldSchema(name: "ratio", dataType: .float),
        FieldSchema(name: "precise", dataType: .double),
        FieldSchema(name: "title", dataType: .varChar, maxLength: 32),
        FieldSchema(name: "doc", dataType: .json),
        FieldSchema(name: "scores", dataType: .array, elementType: .double, maxCapacity: 4),
        FieldSchema(name: "labels", dataType: .array, maxLength: 8, elementType: .varChar, maxCapacity: 3),
        FieldSchema(name: "note", dataType: .varChar, maxLength: 16, nullable: true),
        FieldSchema(name: "rank", dataType: .int32, defaultValue: .int(7)),
        FieldSchema(name: "weight", dataType: .double, nullable: true, defaultValue: .double(0.5)),
    ], enableDynamicField: true)

    /// Row `id` as written, and as get must return it.
    static func rows(_ id: Int64) -> (written: Row, stored: Row) {
        let full: Row = [
            "id": .int(id),
            "embedding": .floatVector([Float(id), -1.5, 0.25, 1e-7]),
            "fingerprint": .binaryVector([UInt8(truncatingIfNeeded: id), 0xA5]),
            "flag": .bool(id % 2 == 0),
            "tiny": .int(-128),
            "small": .int(32767),
            "medium": .int(-2_000_000_000),
            "large": .int(Int64.max - id),
            "ratio": .float(0.1),
            "precise": .double(1.0 / 3.0),
            "title": .string("ünïcödé \(id)"),
            "doc": .json(#"{"a":[1,2,{"b":null}],"c":"d"}"#),
            "scores": .array([.double(1.5), .double(-2)]),
            "labels": .array([.string("x"), .string("yz")]),
        ]
        var written = full, stored = full
        switch id % 3 {
        case 0:   // every optional field given, plus dynamic keys
            written["note"] = .string("hello")
            written["rank"] = .int(-1)
            written["weight"] = .double(2.25)
            written["color"] = .string("red")
            written["count"] = .int(3)
            stored["note"] = .string("hello")
            stored["rank"] = .int(-1)
            stored["weight"] = .double(2.25)
            stored["$meta"] = .json(#"{"color":"red","count":3}"#)
        case 1:   // optional fields left out: null, and the defaults
            stored["note"] = .null
            stored["rank"] = .int(7)
            stored["weight"] = .double(0.5)
            stored["$meta"] = .null
        default:  // null given: a nullable field without default stays null; a default fills in
            written["note"] = .null
            written["weight"] = .null
            written["rank"] = .null
            written["$meta"] = .json(#"{"nested":{"k":[true]}}"#)
            stored["note"] = .null
            stored["rank"] = .int(7)
            stored["weight"] = .double(0.5)
            stored["$meta"] = .json(#"{"nested":{"k":[true]}}"#)
        }
        return (written, stored)
    }

    /// JSON fields compare as parsed values (key order and spacing are not part of the contract).
    static func normalized(_ row: Row) -> Row {
        bitExact(row).mapValues { value in
            guard case .json(let text) = value,
                  let object = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]),
                  let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed]),
                  let canonical = String(data: data, encoding: .utf8) else { return value }
            return .json(canonical)
        }
    }

    @Test func everyFieldTypeRoundTrips() async throws {
        let fs = MemoryFileSystem()
        let db = try await TestDatabase.open(fs)
        let c = try await db.createCollection("all", schema: Self.schema)
        let ids: [Int64] = Array(1...6)
        try await c.insert(ids.prefix(3).map { Self.rows($0).written })
        try await c.flush()
        try await c.insert(ids.suffix(3).map { Self.rows($0).written })
        let expected = Dictionary(uniqueKeysWithValues: ids.map { (PrimaryKey.int($0), Self.normalized(Self.rows($0).stored)) })

        func check(_ c: Collection, _ when: String) async throws {
            let rows = try await storedRows(c, ids: ids.map(PrimaryKey.int))
            #expect(rows.count == ids.count, "\(when)")
            for (key, row) in rows {
                #expect(Self.normalized(row) == expected[key], "\(when): row \(key)")
            }
            // Chosen output fields only (the key always comes back).
            let partial = try await c.get(ids: [2], outputFields: ["title", "rank"])
            #expect(partial == [["id": .int(2), "title": .string("ünïcödé 2"), "rank": .int(7)]], "\(when)")
            // Output fields through search, on both vector fields.
            let hits = try await c.search([[2, -1.5, 0.25, 1e-7]], k: 1, field: "embedding", outputFields: ["title", "$meta"])
            #expect(hits[0].first?.id == 2, "\(when)")
            #expect(hits[0].first?.fields["title"] == .string("ünïcödé 2"), "\(when)")
            let binaryHits = try await c.search(binary: [[3, 0xA5]], k: 1, field: "fingerprint")
            #expect(binaryHits[0].first?.id == 3, "\(when)")
            #expect(binaryHits[0].first?.distance == 0, "\(when)")
        }
        try await check(c, "buffer and segment")
        try await c.flush()
        try await check(c, "after flush")
        try await c.insert([Self.rows(7).written])
        await db.close()

        let reopened = try await TestDatabase.open(fs)
        let again = try reopened.collection("all")
        #expect(again.schema == Self.schema)
        try await check(again, "after reopen")
        let seventh = try await again.get(ids: [7])
        #expect(seventh.map(Self.normalized) == [Self.normalized(Self.rows(7).stored)])
        await reopened.close()
    }

    @Test func replayedWALRowsRoundTrip() async throws {
        // No flush at all: a crash image (process kill) forces every row through WAL replay.
        let fs = MemoryFileSystem()
        let db = try await TestDatabase.open(fs)
        let c = try await db.createCollection("all", schema: Self.schema)
        try await c.insert((1...3).map { Self.rows($0).written })
        let image = fs.crashImage(.dropUnsynced)
        await db.close()

        let reopened = try await TestDatabase.open(image)
        let again = try reopened.collection("all")
        let rows = try await storedRows(again, ids: [1, 2, 3])
        for id: Int64 in 1...3 {
            #expect(rows[.int(id)].map(Self.normalized) == Self.normalized(Self.rows(id).stored))
        }
        #expect(await again.statistics().replayedRecordCount == 1)
        await reopened.close()
    }
}
