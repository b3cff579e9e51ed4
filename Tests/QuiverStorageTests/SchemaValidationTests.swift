// Schema validation tests: each rule of CollectionSchema+Validation.swift rejects a schema with an
// invalidArgument error naming the field, the value at fault and the limit; limits' edges pass.
// Ownership: test target only.

import Testing
@testable import QuiverStorage

@Suite struct SchemaValidationTests {
    static func schema(_ fields: FieldSchema...) -> CollectionSchema { CollectionSchema(fields: fields) }

    static func rejection(_ schema: CollectionSchema) -> QuiverError? {
        do { try schema.validate(); return nil } catch { return error }
    }

    static func expectRejected(_ schema: CollectionSchema, saying phrases: String...,
                               sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error = rejection(schema) else {
            Issue.record("schema was accepted", sourceLocation: sourceLocation)
            return
        }
        #expect(error.code == .invalidArgument, sourceLocation: sourceLocation)
        for phrase in phrases {
            #expect(error.message.contains(phrase), "\"\(error.message)\" lacks \"\(phrase)\"", sourceLocation: sourceLocation)
        }
    }

    @Test func fixtureSchemasAreValid() throws {
        try CollectionSchema.everyType().validate()
        try CollectionSchema.everyType(dynamic: false, binaryVector: false).validate()
        for type in DataType.allCases { try singleFieldSchema(type).validate() }
    }

    @Test(arguments: [0, 1, 32769, -4])
    func floatDimensionOutOfRangeIsRejected(_ dimension: Int) {
        Self.expectRejected(Self.schema(.int64PrimaryKey(), .floatVector("v", dimension: dimension)),
                            saying: "field 'v'", "dim \(dimension)", "2...32768")
    }

    @Test(arguments: [2, 32768])
    func floatDimensionAtTheLimitsIsAccepted(_ dimension: Int) throws {
        try Self.schema(.int64PrimaryKey(), .floatVector("v", dimension: dimension)).validate()
    }

    @Test(arguments: [0, 4, 12, 32776])
    func binaryDimensionNotAMultipleOf8InRangeIsRejected(_ dimension: Int) {
        Self.expectRejected(Self.schema(.int64PrimaryKey(), .binaryVector("b", dimension: dimension)),
                            saying: "field 'b'", "dim \(dimension)", "multiple of 8")
    }

    @Test func vectorWithoutDimensionIsRejected() {
        Self.expectRejected(Self.schema(.int64PrimaryKey(), FieldSchema(name: "v", dataType: .floatVector)),
                            saying: "field 'v'", "dim missing")
    }

    @Test func primaryKeyMustExistOnceWithAllowedType() {
        Self.expectRejected(Self.schema(.floatVector("v", dimension: 2)), saying: "exactly one primary key", "has 0")
        Self.expectRejected(Self.schema(.int64PrimaryKey("a"), .int64PrimaryKey("b"), .floatVector("v", dimension: 2)),
                            saying: "exactly one primary key", "has 2")
        Self.expectRejected(Self.schema(FieldSchema(name: "k", dataType: .double, isPrimaryKey: true), .floatVector("v", dimension: 2)),
                            saying: "'k'", "Double", "Int64 or VarChar")
        Self.expectRejected(Self.schema(FieldSchema(name: "k", dataType: .int64, isPrimaryKey: true, nullable: true),
                                        .floatVector("v", dimension: 2)),
                            saying: "'k'", "nullable")
        Self.expectRejected(Self.schema(FieldSchema(name: "k", dataType: .varChar, isPrimaryKey: true, autoID: true, maxLength: 8),
                                        .floatVector("v", dimension: 2)),
                            saying: "'k'", "autoID")
    }

    @Test func metricMustFitTheVectorKind() {
        Self.expectRejected(Self.schema(.int64PrimaryKey(), .binaryVector("b", dimension: 16, metric: .l2)),
                            saying: "field 'b'", "L2", "float vectors")
        Self.expectRejected(Self.schema(.int64PrimaryKey(), .binaryVector("b", dimension: 16, metric: .cosine)),
                            saying: "COSINE")
        Self.expectRejected(Self.schema(.int64PrimaryKey(), .floatVector("v", dimension: 2, metric: .hamming)),
                            saying: "field 'v'", "HAMMING", "binary vectors")
    }

    @Test func schemaNeedsAVectorField() {
        Self.expectRejected(Self.schema(.int64PrimaryKey()), saying: "at least one vector field")
    }

    @Test(arguments: ["1abc", "a-b", "a b", "é", "$meta"])
    func malformedNameIsRejected(_ name: String) {
        Self.expectRejected(Self.schema(.int64PrimaryKey(), .floatVector(name, dimension: 2)), saying: "[A-Za-z_][A-Za-z0-9_]*")
    }

    @Test(arguments: [0, 256])
    func nameOfWrongLengthIsRejected(_ length: Int) {
        let name = String(repeating: "a", count: length)
        Self.expectRejected(Self.schema(.int64PrimaryKey(), .floatVector(name, dimension: 2)),
                            saying: "1...255", "got \(length)")
        #expect(throws: QuiverError.self) { try CollectionSchema.validateName(name, what: "collection name") }
    }

    @Test func wellFormedNamesAreAccepted() throws {
        for name in ["_", "a", "A_1", "_9z", String(repeating: "n", count: 255)] {
            try CollectionSchema.validateName(name, what: "collection name")
        }
    }

    @Test func duplicateFieldNameIsRejected() {
        Self.expectRejected(Self.schema(.int64PrimaryKey("v"), .floatVector("v", dimension: 2)), saying: "'v'", "twice")
    }

    @Test func varCharAndArrayLimitsAreChecked() {
        for length in [nil, 0, 65536] as [Int?] {
            Self.expectRejected(Self.schema(.int64PrimaryKey(), .floatVector("v", dimension: 2),
                                            FieldSchema(name: "s", dataType: .varChar, maxLength: length)),
                                saying: "field 's'", "max_length", "1...65535")
        }
        Self.expectRejected(Self.schema(.int64PrimaryKey(), .floatVector("v", dimension: 2),
                                        FieldSchema(name: "a", dataType: .array, elementType: .json, maxCapacity: 4)),
                            saying: "field 'a'", "JSON")
        Self.expectRejected(Self.schema(.int64PrimaryKey(), .floatVector("v", dimension: 2),
                                        FieldSchema(name: "a", dataType: .array, elementType: .int8, maxCapacity: 4097)),
                            saying: "field 'a'", "4097", "1...4096")
        Self.expectRejected(Self.schema(.int64PrimaryKey(), .floatVector("v", dimension: 2),
                                        FieldSchema(name: "a", dataType: .array, elementType: .varChar, maxCapacity: 4)),
                            saying: "field 'a'", "max_length")
    }

    @Test func vectorFieldCannotBeNullableOrDefaulted() {
        Self.expectRejected(Self.schema(.int64PrimaryKey(), FieldSchema(name: "v", dataType: .floatVector, dimension: 2, nullable: true)),
                            saying: "'v'", "nullable")
    }

    @Test func defaultValueMustFitItsField() {
        Self.expectRejected(Self.schema(.int64PrimaryKey(), .floatVector("v", dimension: 2),
                                        FieldSchema(name: "t", dataType: .int8, defaultValue: .int(300))),
                            saying: "field 't'", "default value 300", "Int8 range")
    }

    @Test func tooManyFieldsIsRejected() {
        let fields = [.int64PrimaryKey(), .floatVector("v", dimension: 2)]
            + (0..<63).map { FieldSchema(name: "f\($0)", dataType: .bool) }
        Self.expectRejected(CollectionSchema(fields: fields), saying: "65 fields", "1...64")
    }
}
