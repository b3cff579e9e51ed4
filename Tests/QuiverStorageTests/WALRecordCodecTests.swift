// WALRecord and RowBatch codec tests: every DataType, nulls, `$meta` and delete records survive
// encode/decode bit for bit; a payload that does not match the schema (missing, unknown or
// resized columns, leftover bytes, any truncation, any flipped byte) throws CodecError and never
// traps.
// Ownership: test target only.

import Testing
@testable import QuiverStorage

@Suite struct WALRecordCodecTests {
    func roundTrip(_ record: WALRecord, schema: CollectionSchema) throws -> WALRecord {
        let payload = record.encodePayload(schema: schema)
        return try WALRecord.decode(type: record.type.rawValue, sequence: record.sequence, payload: payload, schema: schema)
    }

    func decode(_ payload: [UInt8], type: WALRecordType = .insert, schema: CollectionSchema) throws(CodecError) -> WALRecord {
        try WALRecord.decode(type: type.rawValue, sequence: 1, payload: payload, schema: schema)
    }

    func insertPayload(_ batch: RowBatch, schema: CollectionSchema) -> [UInt8] {
        WALRecord(sequence: 1, body: .insert(batch)).encodePayload(schema: schema)
    }

    // MARK: Round trips

    @Test(arguments: DataType.allCases)
    func insertRoundTripsEveryDataType(_ type: DataType) throws {
        let schema = singleFieldSchema(type)
        let batch = try singleFieldBatch(type)
        let decoded = try roundTrip(WALRecord(sequence: 9, body: .insert(batch)), schema: schema)
        #expect(decoded.sequence == 9)
        guard case .insert(let back) = decoded.body else { Issue.record("not an insert"); return }
        #expect(back.isBitwiseEqual(to: batch))
        if !type.isVector {
            #expect(back.scalars["value"]!.contains(.null), "nulls of \(type) survive")
        }
    }

    @Test func upsertOfEveryTypeWithDynamicFieldRoundTrips() throws {
        let schema = CollectionSchema.everyType()
        let batch = try everyTypeBatch(0..<6)
        #expect(batch.scalars["$meta"]!.contains(.null))
        #expect(batch.scalars["$meta"]!.contains(.json("{\"color\":\"c0\"}")))
        #expect(batch.scalars["level"]! == Array(repeating: .int(7), count: 6))
        let decoded = try roundTrip(WALRecord(sequence: 3, body: .upsert(batch)), schema: schema)
        guard case .upsert(let back) = decoded.body else { Issue.record("not an upsert"); return }
        #expect(back.isBitwiseEqual(to: batch))
        #expect(decoded.type == .upsert)
    }

    @Test func varCharKeysRoundTrip() throws {
        let schema = CollectionSchema.simple(dimension: 2, primaryKeyType: .varChar, maxKeyLength: 16)
        let rows: [Row] = ["", "ключ", "k\u{0}ey"].map { ["id": .string($0), "vector": .floatVector([1, 2])] }
        let batch = try RowValidator.batch(from: rows, schema: schema, autoIDStart: nil)
        guard case .insert(let back) = try roundTrip(WALRecord(sequence: 1, body: .insert(batch)), schema: schema).body else {
            Issue.record("not an insert"); return
        }
        #expect(back.keys == [.string(""), .string("ключ"), .string("k\u{0}ey")])
    }

    @Test func emptyBatchRoundTrips() throws {
        let schema = CollectionSchema.everyType()
        let batch = try everyTypeBatch(0..<0)
        guard case .insert(let back) = try roundTrip(WALRecord(sequence: 1, body: .insert(batch)), schema: schema).body else {
            Issue.record("not an insert"); return
        }
        #expect(back.rowCount == 0)
        #expect(back.isBitwiseEqual(to: batch))
    }

    @Test(arguments: [
        [PrimaryKey](),
        [.int(.min), .int(-1), .int(0), .int(.max)],
        [.string(""), .string("ü"), .string(String(repeating: "x", count: 300))],
    ])
    func deleteRoundTrips(_ keys: [PrimaryKey]) throws {
        let decoded = try roundTrip(WALRecord(sequence: 77, body: .delete(keys)), schema: .everyType())
        guard case .delete(let back) = decoded.body else { Issue.record("not a delete"); return }
        #expect(back == keys)
        #expect(decoded.sequence == 77)
        #expect(decoded.type == .delete)
    }

    // MARK: Payloads that do not match the schema

    @Test func missingColumnIsRejected() throws {
        let payload = insertPayload(try everyTypeBatch(0..<2), schema: .everyType())
        let wider = CollectionSchema.everyType().adding(FieldSchema(name: "extra", dataType: .int32, nullable: true))
        let error = try #require(throws: CodecError.self) { try decode(payload, schema: wider) }
        #expect(error.message.contains("'extra' is missing"))
    }

    @Test func missingDynamicColumnIsRejected() throws {
        let payload = insertPayload(try everyTypeBatch(0..<2, schema: .everyType(dynamic: false)), schema: .everyType(dynamic: false))
        let error = try #require(throws: CodecError.self) { try decode(payload, schema: .everyType(dynamic: true)) }
        #expect(error.message.contains("$meta"))
    }

    @Test func wrongFloatDimensionIsRejected() throws {
        let payload = insertPayload(try everyTypeBatch(0..<2), schema: .everyType())
        let error = try #require(throws: CodecError.self) { try decode(payload, schema: .everyType(dimension: 5)) }
        #expect(error.message.contains("'embedding' of dimension 4 does not match"))
    }

    @Test func wrongBinaryWidthIsRejected() throws {
        let payload = insertPayload(try everyTypeBatch(0..<2), schema: .everyType())
        let narrower = CollectionSchema.everyType().replacing("fingerprint", with: .binaryVector("fingerprint", dimension: 8))
        let error = try #require(throws: CodecError.self) { try decode(payload, schema: narrower) }
        #expect(error.message.contains("'fingerprint'"))
    }

    @Test func vectorColumnOfTheOtherKindIsRejected() throws {
        let payload = insertPayload(try everyTypeBatch(0..<2), schema: .everyType())
        let swapped = CollectionSchema.everyType().replacing("embedding", with: .binaryVector("embedding", dimension: 32))
        #expect(throws: CodecError.self) { try decode(payload, schema: swapped) }
    }

    @Test func unknownScalarColumnIsRejected() throws {
        let payload = insertPayload(try everyTypeBatch(0..<2), schema: .everyType())
        let error = try #require(throws: CodecError.self) {
            try decode(payload, schema: CollectionSchema.everyType().replacing("title", with: nil))
        }
        #expect(error.message.contains("'title' is not in the schema"))
    }

    @Test func dynamicColumnWhenSchemaHasNoneIsRejected() throws {
        let payload = insertPayload(try everyTypeBatch(0..<2), schema: .everyType())
        let error = try #require(throws: CodecError.self) { try decode(payload, schema: .everyType(dynamic: false)) }
        #expect(error.message.contains("'$meta' is not in the schema"))
    }

    @Test(arguments: [WALRecordType.insert, .delete])
    func leftoverBytesAreRejected(_ type: WALRecordType) throws {
        let body: WALRecord.Body = type == .insert ? .insert(try everyTypeBatch(0..<2)) : .delete([.int(1)])
        let payload = WALRecord(sequence: 1, body: body).encodePayload(schema: .everyType()) + [0]
        let error = try #require(throws: CodecError.self) { try decode(payload, type: type, schema: .everyType()) }
        #expect(error.message.contains("1 bytes left over"))
        #expect(error.offset == payload.count - 1)
    }

    @Test func unknownRecordTypeIsRejected() throws {
        for type: UInt8 in [0, 6, 255] {
            #expect(throws: CodecError.self) {
                try WALRecord.decode(type: type, sequence: 1, payload: [], schema: .everyType())
            }
        }
    }

    @Test(arguments: [WALRecordType.insert, .upsert, .delete, .insertIntoPartition, .upsertIntoPartition])
    func everyTruncationIsRejected(_ type: WALRecordType) throws {
        var partitioned = try everyTypeBatch(0..<3)
        partitioned.partitionID = 7
        let body: WALRecord.Body = switch type {
        case .insert: .insert(try everyTypeBatch(0..<3))
        case .upsert: .upsert(try everyTypeBatch(3..<5))
        case .delete: .delete([.int(1), .string("two"), .int(3)])
        case .insertIntoPartition: .insert(partitioned)
        case .upsertIntoPartition: .upsert(partitioned)
        }
        let payload = WALRecord(sequence: 1, body: body).encodePayload(schema: .everyType())
        for length in 0..<payload.count {
            #expect(throws: CodecError.self, "payload cut to \(length) of \(payload.count) bytes") {
                try decode(Array(payload.prefix(length)), type: type, schema: .everyType())
            }
        }
    }

    /// Damage that slips past the CRC must still never trap: every single-byte change of a payload
    /// either throws or decodes to some batch.
    @Test func everyFlippedByteDecodesOrThrowsWithoutTrapping() throws {
        let schema = CollectionSchema.everyType()
        let payload = insertPayload(try everyTypeBatch(0..<2), schema: schema)
        var thrown = 0
        for offset in payload.indices {
            for mask: UInt8 in [0x01, 0x80, 0xFF] {
                var damaged = payload
                damaged[offset] ^= mask
                do { _ = try decode(damaged, schema: schema) } catch { thrown += 1 }
            }
        }
        #expect(thrown > 0)
    }

    @Test func hugeCountsAreRejectedBeforeAllocating() throws {
        let schema = CollectionSchema.everyType()
        let rowCountMax: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF]
        #expect(throws: CodecError.self) { try decode(rowCountMax, schema: schema) }
        #expect(throws: CodecError.self) { try decode(rowCountMax, type: .delete, schema: schema) }
    }

    // MARK: Values that do not match their column's type

    /// RowBatch+Codec.swift promises "a record that decodes can be applied without further checks";
    /// a CRC-valid payload whose Int8 column holds strings breaks that promise unless decode checks
    /// each value against its field's type.
    @Test func valueOfTheWrongTypeInAColumnIsRejected() throws {
        let asText = CollectionSchema.everyType().replacing("tiny", with: FieldSchema(name: "tiny", dataType: .varChar, maxLength: 8))
        var rows = (0..<2).map { everyTypeRow($0) }
        for i in rows.indices { rows[i]["tiny"] = .string("text") }
        let payload = insertPayload(try RowValidator.batch(from: rows, schema: asText, autoIDStart: nil), schema: asText)
        #expect(throws: CodecError.self, "an Int8 column holding strings decodes") {
            try decode(payload, schema: .everyType())
        }
    }

    @Test func keyOfTheWrongTypeIsRejected() throws {
        let stringKeys = CollectionSchema.everyType().replacing("id", with: .varCharPrimaryKey("id", maxLength: 8))
        var rows = (0..<2).map { everyTypeRow($0) }
        for i in rows.indices { rows[i]["id"] = .string("k\(i)") }
        let payload = insertPayload(try RowValidator.batch(from: rows, schema: stringKeys, autoIDStart: nil), schema: stringKeys)
        #expect(throws: CodecError.self, "VarChar keys decode against an Int64 key schema") {
            try decode(payload, schema: .everyType())
        }
    }
}
