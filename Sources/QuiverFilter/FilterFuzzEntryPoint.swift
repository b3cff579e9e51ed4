// FilterFuzzEntryPoint: the filter parser's entry for the libFuzzer target in FuzzTests/ and for
// the corpus replay test: bytes as UTF-8 (invalid sequences repaired) through Filter.parse with
// a fixed schema and template values, then evaluation of whatever parsed over four rows
// (nulls, JSON, arrays, dynamic keys), so the evaluator sees every tree the parser accepts.
// Invariants: Filter.parse and evaluate never trap (Filter.swift); a trap is the only failure.
// Ownership: stateless; not part of the embedded API.

@_spi(Fuzzing) public enum FilterFuzzEntryPoint {
    package static let schema = FilterSchema(
        fields: ["id": .int64, "age": .int32, "score": .double, "price": .float, "name": .varChar, "active": .bool,
                 "meta": .json, "tags": .array(.varChar), "nums": .array(.int64), "vec": .floatVector],
        primaryKey: "id", dynamicFieldEnabled: true, nullableFields: ["age", "name", "meta"])

    package static let templateValues: [String: FilterValue] = [
        "n": .int(3), "x": .double(-0.5), "s": .string("red"), "b": .bool(true),
        "list": .array([.int(1), .int(2)]), "none": .null,
    ]

    /// True if the expression parsed.
    @discardableResult
    public static func fuzzFilterParser(_ bytes: [UInt8]) -> Bool {
        guard let filter = try? Filter.parse(String(decoding: bytes, as: UTF8.self), schema: schema,
                                             templateValues: templateValues) else { return false }
        _ = filter.evaluate(FuzzRows())
        _ = filter.canonicalExpression
        return true
    }
}

/// Four rows: ordinary values, nulls and empties, extremes, and nested JSON.
private struct FuzzRows: FilterRowSource {
    static let rows: [[String: FilterValue]] = [
        ["id": .int(1), "age": .int(30), "score": .double(1.5), "price": .double(2), "name": .string("alice"),
         "active": .bool(true), "meta": .object(["a": .int(1), "b": .object(["c": .string("x")])]),
         "tags": .array([.string("red"), .string("blue")]), "nums": .array([.int(1), .int(2)]),
         "$meta": .object(["color": .string("red"), "size": .int(10)])],
        ["id": .int(2), "score": .double(-0.0), "price": .double(0), "name": .string(""), "active": .bool(false),
         "meta": .null, "tags": .array([]), "nums": .array([]), "$meta": .object([:])],
        ["id": .int(Int64.min), "age": .int(Int64(Int32.max)), "score": .double(.greatestFiniteMagnitude),
         "price": .double(-1e38), "name": .string("é%_\\"), "active": .bool(true),
         "meta": .array([.int(1), .array([.int(2)]), .null]), "tags": .array([.string("")]),
         "nums": .array([.int(Int64.max), .int(Int64.min)]), "$meta": .object(["color": .array([.string("red")])])],
        ["id": .int(Int64.max), "age": .int(Int64(Int32.min)), "score": .double(.nan), "name": .string("bob"),
         "active": .bool(false), "meta": .object(["a": .double(1e308)]), "tags": .null, "nums": .null, "$meta": .null],
    ]

    var rowCount: Int { Self.rows.count }
    func value(of field: String, row: Int) -> FilterValue { Self.rows[row][field] ?? .null }
}
