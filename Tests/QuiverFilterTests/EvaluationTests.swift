// Evaluation against the 20-row fixture table; every expected row list was computed by hand
// from Fixtures.table (age, score, name, active, meta, tags, nums, $meta per row).

import QuiverFilter
import Testing

struct EvaluationCase: CustomTestStringConvertible, Sendable {
    let expression: String
    let rows: [Int]
    var testDescription: String { expression }
}

let handComputedCases: [EvaluationCase] = [
    // Comparisons, ranges, null.
    .init(expression: "age > 30", rows: [3, 4, 6, 8, 11, 13, 16, 19]),
    .init(expression: "not (age > 30)", rows: [0, 1, 5, 7, 9, 10, 12, 14, 15, 17, 18]),
    .init(expression: "age is null", rows: [2]),
    .init(expression: "age IS NOT NULL", rows: [0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]),
    .init(expression: "18 <= age < 30", rows: [0, 1, 5, 9, 15, 18]),
    .init(expression: "60 >= age > 40", rows: [6, 8, 13, 19]),
    .init(expression: "score is null or age is null", rows: [2, 3, 19]),
    .init(expression: "age in [18, 25.0]", rows: [0, 1, 5, 15]),
    .init(expression: "id in [1, 3, 5, 99]", rows: [1, 3, 5]),
    .init(expression: "id not in [1, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]", rows: [0, 2, 4]),
    .init(expression: "name == \"alice\"", rows: [0, 17]),
    .init(expression: "name != 'alice'", rows: [1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 19]),
    .init(expression: "1 < 2", rows: Array(0..<20)),
    .init(expression: "1 > 2", rows: []),
    // Arithmetic.
    .init(expression: "age % 2 == 0", rows: [0, 3, 5, 6, 8, 10, 14, 15, 16, 17]),
    .init(expression: "score * 2 > 10", rows: [5, 7, 9, 11, 15, 16]),
    .init(expression: "age + score >= 50", rows: [6, 8, 11, 13, 16]),
    .init(expression: "-age > -10", rows: [7, 10, 12]),
    .init(expression: "age ** 2 > 3000", rows: [6, 11, 16, 19]),
    .init(expression: "age / 10 == 1", rows: [0, 5, 15, 17]),
    // like.
    .init(expression: "name like \"al%\"", rows: [0, 5, 15, 17]),
    .init(expression: "name LIKE \"%e\"", rows: [0, 3, 5, 6, 8, 11, 17]),
    .init(expression: "name like \"%li%\"", rows: [0, 6, 15, 17]),
    .init(expression: "name like \"ab_c\"", rows: [12, 13]),
    .init(expression: #"name like "ab\_c""#, rows: [12]),
    .init(expression: #"name like "al\\%ce""#, rows: [5]),
    .init(expression: "name like \"_clair\"", rows: [7]),
    .init(expression: "name like \"%\"", rows: [0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]),
    .init(expression: "name like \"a%c%\"", rows: [0, 5, 12, 13, 15, 17]),
    // Booleans and three-valued logic.
    .init(expression: "active", rows: [0, 2, 3, 5, 7, 9, 11, 13, 15, 17, 19]),
    .init(expression: "not active", rows: [1, 4, 6, 8, 10, 12, 14, 16, 18]),
    .init(expression: "active == false", rows: [1, 4, 6, 8, 10, 12, 14, 16, 18]),
    .init(expression: "age > 30 && active", rows: [3, 11, 13, 19]),
    .init(expression: "age > 30 || name like \"al%\"", rows: [0, 3, 4, 5, 6, 8, 11, 13, 15, 16, 17, 19]),
    .init(expression: "!(age > 30 OR score > 5)", rows: [0, 1, 10, 12, 14, 17, 18]),
    .init(expression: "(age > 30) == active", rows: [1, 3, 10, 11, 12, 13, 14, 18, 19]),
    // JSON paths.
    .init(expression: "meta[\"a\"] == 1", rows: [0, 5, 15]),
    .init(expression: "meta[\"a\"] > 2", rows: [4, 8, 11, 13, 17, 19]),
    .init(expression: "meta[\"a\"] != 1", rows: [1, 2, 4, 8, 9, 11, 13, 14, 17, 18, 19]),
    .init(expression: "meta[\"a\"] in [2, \"2\"]", rows: [1, 14, 18]),
    .init(expression: "meta[\"b\"][\"c\"] == \"x\"", rows: [0, 15]),
    .init(expression: "meta['list'][0] == 1", rows: [0, 16]),
    .init(expression: "meta[\"a\"] is null", rows: [3, 6, 7, 10, 12, 16]),
    .init(expression: "exists meta[\"list\"]", rows: [0, 1, 4, 7, 11, 16, 19]),
    // Dynamic keys.
    .init(expression: "color == \"red\"", rows: [0, 3, 7, 11, 16]),
    .init(expression: "$meta[\"color\"] == \"red\"", rows: [0, 3, 7, 11, 16]),
    .init(expression: "size > 5", rows: [0, 4, 8, 15, 19]),
    .init(expression: "flag", rows: [7]),
    .init(expression: "not flag", rows: [10]),
    // Contains family and arrays.
    .init(expression: "json_contains(meta[\"list\"], 2)", rows: [0, 1]),
    .init(expression: "JSON_CONTAINS(meta[\"list\"], [1, 2])", rows: [7]),
    .init(expression: "json_contains_all(meta[\"list\"], [2, 3])", rows: [0]),
    .init(expression: "json_contains_any(meta[\"list\"], [\"x\", 4])", rows: [1, 4]),
    .init(expression: "array_contains(tags, \"red\")", rows: [0, 3, 4, 6, 11, 15, 18]),
    .init(expression: "ARRAY_CONTAINS_ALL(tags, [\"red\", \"blue\"])", rows: [0, 4, 18]),
    .init(expression: "array_contains_any(nums, [5, 99])", rows: [5, 11, 13]),
    .init(expression: "array_length(tags) == 0", rows: [2, 10]),
    .init(expression: "array_length(nums) >= 3", rows: [0, 9, 18]),
    .init(expression: "tags[0] == \"red\"", rows: [0, 3, 6, 11, 15, 18]),
    .init(expression: "tags[5] is null", rows: Array(0..<20)),
    .init(expression: "array_length(meta[\"list\"]) == 2", rows: [1, 4, 7, 19]),
    .init(expression: "tags == [\"red\", \"blue\"]", rows: [0]),
    .init(expression: "nums != [4]", rows: [0, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]),
    .init(expression: "price > 1.5 or price <= 1.5", rows: []),
    .init(expression: "json_contains(meta, 1)", rows: []),
]

@Test(arguments: handComputedCases)
func evaluationMatchesHandComputedRows(_ testCase: EvaluationCase) throws {
    #expect(try Fixtures.matchingRows(testCase.expression) == testCase.rows)
}

@Test func templatesFillScalarsListsAndPatterns() throws {
    #expect(try Fixtures.matchingRows("age in {ages}", templateValues: ["ages": [18, 60]]) == [0, 5, 6, 15])
    #expect(try Fixtures.matchingRows("score > {min} and name like {pattern}",
                                      templateValues: ["min": 5, "pattern": "a%"]) == [5, 15])
    #expect(try Fixtures.matchingRows("id in [{first}, 2]", templateValues: ["first": 1]) == [1, 2])
    #expect(try Fixtures.matchingRows("array_contains_any(tags, {colors})",
                                      templateValues: ["colors": ["x_y", "b"]]) == [5, 13])
}

@Test func nullFollowsThreeValuedLogic() throws {
    // Row 2 has a null age: neither `age > 1` nor its negation matches it.
    let positive = try Fixtures.matchingRows("age > 1")
    let negative = try Fixtures.matchingRows("not (age > 1)")
    #expect(!positive.contains(2) && !negative.contains(2))
    // `or` with a true side matches despite an unknown side; `and` with a false side is false.
    #expect(try Fixtures.matchingRows("age > 1 or id == 2").contains(2))
    #expect(try !Fixtures.matchingRows("not (age > 1 and id == 2)").contains(2))  // unknown and true
    #expect(try Fixtures.matchingRows("not (age > 1 and id == 2)").count == 19)
    #expect(try Fixtures.matchingRows("not (age > 1 and id == 3)").contains(2))   // unknown and false
}

@Test func evaluationHandlesEmptyAndWideSources() throws {
    let filter = try Filter.parse("age > 3", schema: Fixtures.schema)
    #expect(filter.evaluate(MemoryRows(rows: [])).count == 0)
    let wide = MemoryRows(rows: (0..<130).map { ["age": .int(Int64($0))] })
    let bits = filter.evaluate(wide)
    #expect(bits.count == 130 && bits.setCount == 126 && bits[129] && !bits[3])
}
