// What the planner and storage layer read from a parsed filter: primary-key values,
// referenced fields and the original expression.

import QuiverFilter
import Testing

@Test(arguments: [
    ("id in [3, 1, 2, 1]", [3, 1, 2] as [FilterValue]?),
    ("id == 5", [5]),
    ("5 == id", [5]),
    ("id == -5", [-5]),
    ("id == 2.0", [2]),
    ("id == 2.5", []),
    ("id == 5 and age > 3", [5]),
    ("age > 3 and id in [1, 2]", [1, 2]),
    ("id in [1, 2] and id in [2, 3]", [2]),
    ("id == 1 or id == 2 or id in [2, 3]", [1, 2, 3]),
    ("age > 3", nil),
    ("id not in [1]", nil),
    ("id == 1 or age > 3", nil),
    ("not (id == 1)", nil),
    ("id > 1", nil),
])
func primaryKeyValuesForThePlanner(_ expression: String, _ keys: [FilterValue]?) throws {
    #expect(try Filter.parse(expression, schema: Fixtures.schema).primaryKeyValues == keys)
}

@Test func stringPrimaryKeys() throws {
    let schema = FilterSchema(fields: ["pk": .varChar, "n": .int64], primaryKey: "pk", dynamicFieldEnabled: false)
    #expect(try Filter.parse("pk in ['a', \"b\"] and n > 1", schema: schema).primaryKeyValues == ["a", "b"])
    #expect(try Filter.parse("n > 1", schema: schema).primaryKeyValues == nil)
    #expect(try Filter.parse("pk in {keys}", schema: schema, templateValues: ["keys": ["x"]]).primaryKeyValues == ["x"])
}

@Test func referencedFieldsIncludeTheDynamicField() throws {
    let filter = try Filter.parse("age > 1 and color == 'red' or json_contains(meta['a'], 1)", schema: Fixtures.schema)
    #expect(filter.referencedFields == ["age", "$meta", "meta"])
    #expect(try Filter.parse("tags[0] == 'x' and 1 < 2", schema: Fixtures.schema).referencedFields == ["tags"])
    #expect(filter.expression == "age > 1 and color == 'red' or json_contains(meta['a'], 1)")
}

@Test func filtersAreSharedAcrossTasks() async throws {
    let filter = try Filter.parse("age > 30 and active", schema: Fixtures.schema)
    let counts = await withTaskGroup(of: Int.self) { group in
        for _ in 0..<8 { group.addTask { filter.evaluate(Fixtures.table).setCount } }
        return await group.reduce(into: []) { $0.append($1) }
    }
    #expect(counts == Array(repeating: 4, count: 8))
}
