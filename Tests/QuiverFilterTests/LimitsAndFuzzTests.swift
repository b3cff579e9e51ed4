// Limits and robustness: nesting bombs, length and list limits, and seeded fuzzing with random
// bytes, random token soups and mutated valid expressions, none of which may trap.

import QuiverFilter
import QuiverKernels
import Testing

private let nestingMessage = "nests deeper than 64 levels (FilterLimits.maxNestingDepth)"

/// A hostile expression with a short name for test output.
struct Bomb: CustomTestStringConvertible, Sendable {
    let name: String
    let expression: String
    var testDescription: String { name }
}

@Test(arguments: [
    Bomb(name: "10k open-close parens", expression: String(repeating: "(", count: 10_000) + "a" + String(repeating: ")", count: 10_000)),
    Bomb(name: "10k open parens", expression: String(repeating: "(", count: 10_000)),
    Bomb(name: "10k not", expression: String(repeating: "not ", count: 10_000) + "a"),
    Bomb(name: "10k !", expression: String(repeating: "!", count: 10_000) + "a"),
    Bomb(name: "10k unary minus", expression: String(repeating: "-", count: 10_000) + "a > 1"),
    Bomb(name: "10k open brackets", expression: String(repeating: "[", count: 10_000)),
    Bomb(name: "10k nested list", expression: "a in " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)),
    Bomb(name: "10k power chain", expression: String(repeating: "a ** ", count: 10_000) + "a > 1"),
    Bomb(name: "10k addition chain", expression: String(repeating: "1 + ", count: 10_000) + "1 > 1"),
    Bomb(name: "10k equality chain", expression: String(repeating: "a == ", count: 10_000) + "a"),
    Bomb(name: "3k nested calls", expression: String(repeating: "json_contains(meta, ", count: 3_000)),
    Bomb(name: "5k exists", expression: String(repeating: "exists ", count: 5_000) + "a"),
])
func nestingBombsThrowInsteadOfOverflowingTheStack(_ bomb: Bomb) {
    let error = Fixtures.parseError(bomb.expression)
    #expect(error?.message.contains(nestingMessage) == true, "\(error?.message.prefix(120) ?? "parsed")")
}

@Test func nestingJustUnderTheLimitParses() throws {
    let depth = 60
    let nested = String(repeating: "(", count: depth) + "age > 1" + String(repeating: ")", count: depth)
    #expect(try Fixtures.matchingRows(nested) == Fixtures.matchingRows("age > 1"))
}

@Test func longFlatChainsAreNotNesting() throws {
    let terms = (0..<3_000).map { "id == \($0)" }
    let filter = try Filter.parse(terms.joined(separator: " or "), schema: Fixtures.schema)
    #expect(filter.evaluate(Fixtures.table).setCount == 20)
    #expect(filter.primaryKeyValues?.count == 3_000)
}

@Test func expressionLengthIsLimited() {
    let atLimit = "a" + String(repeating: " ", count: FilterLimits.maxExpressionLength - 1)
    #expect(Fixtures.parseError(atLimit) == nil)
    let error = Fixtures.parseError(atLimit + " ")
    #expect(error?.message == "expression is 65537 bytes long; the limit is 65536 (FilterLimits.maxExpressionLength)")
    #expect(error?.column == nil)
}

@Test func listLengthIsLimited() throws {
    let limit = FilterLimits.maxInListCount
    let full = "id in [" + Array(repeating: "7", count: limit).joined(separator: ",") + "]"
    #expect(try Filter.parse(full, schema: Fixtures.schema).primaryKeyValues == [7])
    let over = "id in [" + Array(repeating: "7", count: limit + 1).joined(separator: ",") + "]"
    #expect(Fixtures.parseError(over)?.message == "list has more than 16384 elements (FilterLimits.maxInListCount) at column 7")
    let template = FilterValue.array((0...limit).map { .int(Int64($0)) })
    #expect(Fixtures.parseError("id in {ids}", templateValues: ["ids": template])?.message
        == "list has more than 16384 elements (FilterLimits.maxInListCount) at column 7")
}

@Test func deeplyNestedTemplateValuesAreRejected() {
    var value: FilterValue = 1
    for _ in 0..<1_000 { value = [value] }
    #expect(Fixtures.parseError("v == {deep}", templateValues: ["deep": value])?.message.contains(nestingMessage) == true)
}

@Test func deeplyNestedRowValuesDoNotTrap() throws {
    var value: FilterValue = 1
    for _ in 0..<1_000 { value = [value] }
    let rows = MemoryRows(rows: [["meta": value, "$meta": ["k": value]]])
    for expression in ["meta == k", "json_contains(meta, 1)", "meta[0][0][0] == 1", "k in [[1]]", "array_length(meta) == 1"] {
        _ = try Filter.parse(expression, schema: Fixtures.schema).evaluate(rows)
    }
}

/// Parses `expression`; when it parses, evaluates it over the fixture table. Returns success.
private func parseAndEvaluate(_ expression: String, templates: [String: FilterValue] = [:]) -> Bool {
    guard let filter = try? Filter.parse(expression, schema: Fixtures.schema, templateValues: templates) else {
        return false
    }
    _ = filter.evaluate(Fixtures.table)
    _ = filter.primaryKeyValues
    return true
}

@Test func randomBytesNeverTrap() {
    var random = SeededRandom(seed: 20_240_601)
    for _ in 0..<5_000 {
        let length = Int(random.next() % 48)
        let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        _ = parseAndEvaluate(String(decoding: bytes, as: UTF8.self))
        let ascii = (0..<length).map { _ in UInt8(32 + random.next() % 95) }
        _ = parseAndEvaluate(String(decoding: ascii, as: UTF8.self))
    }
}

private let soupVocabulary = [
    "age", "score", "name", "active", "meta", "tags", "nums", "color", "$meta", "id", "vec", "[", "]", "(", ")",
    ",", "\"a\"", "'b%'", "0", "1", "-7", "2.5", "0x1F", "017", "true", "False", "+", "-", "*", "/", "%", "**",
    "==", "!=", "<", "<=", ">", ">=", "and", "or", "not", "&&", "||", "!", "in", "not in", "like", "is", "null",
    "is not null", "exists", "json_contains", "json_contains_all", "array_contains_any", "array_length",
    "[1, 2]", "{t}", "{s}", "meta[\"a\"]", "tags[0]", "\"", "'", "\\", "{", "}", "=", "&", "é", "😀", "1e",
]

@Test func randomTokenSoupsNeverTrap() {
    var random = SeededRandom(seed: 7)
    var parsedCount = 0
    for _ in 0..<5_000 {
        let count = 1 + Int(random.next() % 12)
        let soup = (0..<count).map { _ in soupVocabulary[Int(random.next() % UInt64(soupVocabulary.count))] }
        if parseAndEvaluate(soup.joined(separator: " "), templates: ["t": [1, "x"], "s": "a%"]) { parsedCount += 1 }
    }
    #expect(parsedCount > 0 && parsedCount < 5_000)
}

@Test func mutatedValidExpressionsNeverTrap() {
    var random = SeededRandom(seed: 99)
    let alphabet = Array("()[]{}\"'\\%_-+*/<>=!&|, 0123456789.eExabnotirlk$é")
    var parsedCount = 0
    for round in 0..<3_000 {
        var characters = Array(handComputedCases[round % handComputedCases.count].expression)
        for _ in 0..<(1 + Int(random.next() % 3)) where !characters.isEmpty {
            let position = Int(random.next() % UInt64(characters.count))
            switch random.next() % 3 {
            case 0: characters.remove(at: position)
            case 1: characters.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: position)
            default: characters[position] = alphabet[Int(random.next() % UInt64(alphabet.count))]
            }
        }
        if parseAndEvaluate(String(characters)) { parsedCount += 1 }
    }
    #expect(parsedCount > 0)
}
