// RowValidator tests: each rule a bad row can break produces an invalidArgument error naming the
// row index, the field and the limit; nulls, defaults, the dynamic field and autoID keys are
// stored as the rules in RowValidator.swift say.
// Ownership: test target only.

import Foundation
import Testing
@testable import QuiverStorage

@Suite struct RowValidatorTests {
    /// Five valid `everyType` rows (even rows with a dynamic key when `dynamic`) with `change`
    /// applied to row 2.
    static func rows(dynamic: Bool = true, changingRow2 change: (inout Row) -> Void) -> [Row] {
        var rows = (0..<5).map { everyTypeRow($0, dynamic: dynamic) }
        change(&rows[2])
        return rows
    }

    /// The error validating `rows` raises (nil when they validate).
    static func rejection(_ rows: [Row], schema: CollectionSchema = .everyType(), autoIDStart: Int64? = nil) -> QuiverError? {
        do {
            _ = try RowValidator.batch(from: rows, schema: schema, autoIDStart: autoIDStart)
            return nil
        } catch {
            return error
        }
    }

    /// Expects row 2 to be rejected with a message holding each of `phrases`.
    static func expectRow2Rejected(_ change: (inout Row) -> Void, schema: CollectionSchema = .everyType(),
                                   saying phrases: String..., sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error = rejection(rows(dynamic: schema.enableDynamicField, changingRow2: change), schema: schema) else {
            Issue.record("row 2 was accepted", sourceLocation: sourceLocation)
            return
        }
        #expect(error.code == .invalidArgument, sourceLocation: sourceLocation)
        for phrase in ["row 2"] + phrases {
            #expect(error.message.contains(phrase), "\"\(error.message)\" lacks \"\(phrase)\"", sourceLocation: sourceLocation)
        }
    }

    // MARK: Vectors

    @Test func wrongDimensionNamesRowFieldAndDimension() {
        Self.expectRow2Rejected({ $0["embedding"] = .floatVector([1, 2, 3]) },
                                saying: "field 'embedding'", "dimension 3", "requires 4")
    }

    @Test(arguments: [Float.nan, .infinity, -.infinity])
    func nonFiniteVectorElementIsRejected(_ bad: Float) {
        Self.expectRow2Rejected({ $0["embedding"] = .floatVector([1, bad, 3, 4]) },
                                saying: "field 'embedding'", "element 1", "NaN and infinity are not allowed")
    }

    @Test func binaryVectorOfWrongBitCountIsRejected() {
        Self.expectRow2Rejected({ $0["fingerprint"] = .binaryVector([1]) },
                                saying: "field 'fingerprint'", "8 bits", "requires 16")
    }

    // MARK: Scalars

    @Test func wrongTypeNamesExpectedAndGivenKinds() {
        Self.expectRow2Rejected({ $0["medium"] = .string("x") }, saying: "field 'medium'", "expected Int32", "got string")
        Self.expectRow2Rejected({ $0["active"] = .int(1) }, saying: "field 'active'", "expected Bool", "got integer")
        Self.expectRow2Rejected({ $0["embedding"] = .binaryVector([1, 2]) }, saying: "field 'embedding'", "expected FloatVector")
    }

    /// max_length counts UTF-8 bytes, not characters: 9 "é" are 9 characters but 18 bytes.
    @Test func overLongVarCharIsMeasuredInBytes() throws {
        let eightAccents = String(repeating: "é", count: 8), nineAccents = String(repeating: "é", count: 9)
        Self.expectRow2Rejected({ $0["title"] = .string(nineAccents) },
                                saying: "field 'title'", "18 bytes", "max_length 16")
        let batch = try RowValidator.batch(from: Self.rows { $0["title"] = .string(eightAccents) }, schema: .everyType(), autoIDStart: nil)
        #expect(batch.scalars["title"]![2] == .string(eightAccents))
    }

    @Test(arguments: [("tiny", Int64(Int8.max) + 1, "Int8 range -128...127"), ("tiny", Int64(Int8.min) - 1, "Int8 range"),
                      ("small", Int64(Int16.max) + 1, "Int16 range -32768...32767"),
                      ("medium", Int64(Int32.min) - 1, "Int32 range -2147483648...2147483647")])
    func integerOutOfRangeNamesTheRange(_ field: String, _ value: Int64, _ limit: String) {
        Self.expectRow2Rejected({ $0[field] = .int(value) }, saying: "field '\(field)'", "value \(value)", limit)
    }

    @Test func integerAtTheEdgeOfItsRangeIsAccepted() throws {
        let batch = try RowValidator.batch(from: Self.rows { $0["tiny"] = .int(127); $0["small"] = .int(-32768) },
                                           schema: .everyType(), autoIDStart: nil)
        #expect(batch.scalars["tiny"]![2] == .int(127))
        #expect(batch.scalars["small"]![2] == .int(-32768))
    }

    @Test func floatOutOfRangeOrNonFiniteIsRejected() {
        Self.expectRow2Rejected({ $0["ratio"] = .double(1e39) }, saying: "field 'ratio'", "not a finite Float")
        Self.expectRow2Rejected({ $0["score"] = .double(.nan) }, saying: "field 'score'", "not a finite Double")
    }

    @Test func numbersAreStoredInTheirFieldsCanonicalForm() throws {
        let batch = try RowValidator.batch(from: Self.rows { $0["ratio"] = .int(3); $0["score"] = .float(0.5); $0["doc"] = .int(5) },
                                           schema: .everyType(), autoIDStart: nil)
        #expect(batch.scalars["ratio"]![2] == .float(3))
        #expect(batch.scalars["score"]![2] == .double(0.5))
        #expect(batch.scalars["doc"]![2] == .json("5"))
    }

    @Test func invalidJSONTextIsRejected() {
        Self.expectRow2Rejected({ $0["doc"] = .json("{not json") }, saying: "field 'doc'", "not valid JSON")
    }

    @Test func arrayOverCapacityNamesTheCapacity() {
        Self.expectRow2Rejected({ $0["ranks"] = .array((1...5).map { .int($0) }) },
                                saying: "field 'ranks'", "5 elements", "max_capacity 4")
    }

    @Test func arrayElementOfWrongTypeNamesTheElement() {
        Self.expectRow2Rejected({ $0["ranks"] = .array([.int(1), .string("x")]) },
                                saying: "field 'ranks'", "array element 1", "expected Int32")
        Self.expectRow2Rejected({ $0["ranks"] = .array([.int(1 << 40)]) },
                                saying: "field 'ranks'", "array element 0", "Int32 range")
        Self.expectRow2Rejected({ $0["labels"] = .array([.string("ok"), .string("ééééé")]) },
                                saying: "field 'labels'", "array element 1", "10 bytes", "max_length 8")
    }

    // MARK: Missing values, nulls and defaults

    @Test func missingNonNullableFieldIsRejected() {
        Self.expectRow2Rejected({ $0["medium"] = nil }, saying: "field 'medium'", "missing", "neither nullable nor has a default")
        Self.expectRow2Rejected({ $0["medium"] = .null }, saying: "field 'medium'", "missing")
        Self.expectRow2Rejected({ $0["embedding"] = nil }, saying: "field 'embedding'", "missing")
    }

    @Test func nullableFieldStoresNullWhenMissingOrNull() throws {
        let rows = Self.rows { $0["note"] = nil } .enumerated().map { index, row in
            var row = row
            if index == 1 { row["note"] = .null }
            return row
        }
        let batch = try RowValidator.batch(from: rows, schema: .everyType(), autoIDStart: nil)
        #expect(batch.scalars["note"]![1] == .null)
        #expect(batch.scalars["note"]![2] == .null)
        #expect(batch.scalars["note"]![4] == .string("note 4"))
    }

    @Test func defaultValueFillsMissingAndNullButNotGivenValues() throws {
        let rows = Self.rows { $0["level"] = .int(3) }.enumerated().map { index, row in
            var row = row
            if index == 1 { row["level"] = .null }
            return row
        }
        let batch = try RowValidator.batch(from: rows, schema: .everyType(), autoIDStart: nil)
        #expect(batch.scalars["level"]! == [.int(7), .int(7), .int(3), .int(7), .int(7)])
    }

    // MARK: Keys

    @Test func duplicateKeyNamesTheSecondRow() {
        var rows = (0..<5).map { everyTypeRow($0) }
        rows[3]["id"] = .int(1)
        let error = Self.rejection(rows)
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("row 3, field 'id': primary key 1 appears more than once") == true, "\(String(describing: error))")
    }

    @Test func missingOrMistypedKeyIsRejected() {
        Self.expectRow2Rejected({ $0["id"] = nil }, saying: "field 'id'", "primary key is missing")
        Self.expectRow2Rejected({ $0["id"] = .string("7") }, saying: "field 'id'", "expected Int64")
    }

    @Test func autoIDKeyGivenIsRejected() throws {
        let schema = CollectionSchema.everyType().replacing("id", with: .int64PrimaryKey("id", autoID: true))
        let error = Self.rejection(Self.rows { _ in }, schema: schema, autoIDStart: 100)
        #expect(error?.message.contains("row 0, field 'id'") == true)
        #expect(error?.message.contains("assigned automatically") == true)
    }

    @Test func autoIDAssignsConsecutiveKeys() throws {
        let schema = CollectionSchema.everyType().replacing("id", with: .int64PrimaryKey("id", autoID: true))
        let rows = (0..<3).map { everyTypeRow($0).filter { $0.key != "id" } }
        let batch = try RowValidator.batch(from: rows, schema: schema, autoIDStart: 100)
        #expect(batch.keys == [.int(100), .int(101), .int(102)])
    }

    // MARK: Dynamic field

    @Test func unknownFieldWithDynamicFieldOffIsRejected() {
        Self.expectRow2Rejected({ $0["colour"] = .string("red") }, schema: .everyType(dynamic: false),
                                saying: "field 'colour'", "not in the schema", "dynamic field is off")
    }

    @Test func unknownFieldsGoToMetaAsOneJSONObject() throws {
        let rows = Self.rows { $0["color"] = .string("red"); $0["n"] = .int(3); $0["tags"] = .array([.bool(true)]) }
        let batch = try RowValidator.batch(from: rows, schema: .everyType(), autoIDStart: nil)
        let meta = batch.scalars["$meta"]!
        #expect(meta[1] == .null, "a row with no unknown keys stores null")
        guard case .json(let text) = meta[2] else { Issue.record("$meta of row 2 is \(meta[2])"); return }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary)
        #expect(object == ["color": "red", "n": 3, "tags": [true]] as NSDictionary)
        #expect(batch.scalars["color"] == nil, "no column is made for a dynamic key")
    }

    @Test func metaGivenExplicitlyMergesAndMustBeAnObject() throws {
        let rows = Self.rows { $0["$meta"] = .json("{\"a\":1}"); $0["b"] = .int(2) }
        let batch = try RowValidator.batch(from: rows, schema: .everyType(), autoIDStart: nil)
        guard case .json(let text) = batch.scalars["$meta"]![2] else { Issue.record("no $meta"); return }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary)
        #expect(object == ["a": 1, "b": 2, "color": "c2"] as NSDictionary)
        Self.expectRow2Rejected({ $0["$meta"] = .json("[1]") }, saying: "field '$meta'", "JSON object")
    }

    // MARK: The vectors-only fast path

    @Test func vectorsOnlyBatchChecksCountsFinitenessAndKeys() throws {
        let schema = CollectionSchema.simple(dimension: 2)
        let batch = try RowValidator.batch(keys: [.int(1), .int(2)], vectors: [1, 2, 3, 4], schema: schema)
        #expect(batch.floatVectors["vector"] == [1, 2, 3, 4])
        func message(_ keys: [PrimaryKey], _ vectors: [Float], _ schema: CollectionSchema = schema) -> String? {
            do { _ = try RowValidator.batch(keys: keys, vectors: vectors, schema: schema); return nil } catch { return error.message }
        }
        #expect(message([.int(1), .int(2)], [1, 2, 3])?.contains("3 floats do not make 2 vectors of dimension 2") == true)
        #expect(message([.int(1), .int(2)], [1, 2, 3, .nan])?.contains("row 1, field 'vector': vector element 1") == true)
        #expect(message([.int(1), .int(1)], [1, 2, 3, 4])?.contains("row 1, field 'id': primary key 1 appears more than once") == true)
        #expect(message([.string("a")], [1, 2])?.contains("row 0, field 'id': expected an Int64 key") == true)
        let stringKeys = CollectionSchema.simple(dimension: 2, primaryKeyType: .varChar, maxKeyLength: 4)
        #expect(message([.string("ééé")], [1, 2], stringKeys)?.contains("key of 6 bytes exceeds max_length 4") == true)
    }
}
