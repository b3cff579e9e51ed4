// What pruning reads from a parsed filter: the values it pins the partition-key field to.
// A wrong answer here would make a read skip partitions that hold matching rows, so every
// form that does not pin the key must give nil (scan every partition).

import QuiverFilter
import Testing

private let schema = FilterSchema(fields: ["id": .int64, "tenant": .varChar, "n": .int64], primaryKey: "id",
                                  dynamicFieldEnabled: false, partitionKey: "tenant")

@Test(arguments: [
    ("tenant == 'a'", ["a"] as [FilterValue]?),
    ("'a' == tenant", ["a"]),
    ("tenant in ['a', 'b', 'a']", ["a", "b"]),
    ("tenant == 'a' and n > 3", ["a"]),
    ("n > 3 and tenant in ['a', 'b'] and tenant in ['b', 'c']", ["b"]),
    ("tenant == 'a' or tenant in ['b']", ["a", "b"]),
    ("tenant == 'a' and tenant == 'b'", []),
    ("n > 3", nil),
    ("tenant != 'a'", nil),
    ("tenant not in ['a']", nil),
    ("tenant == 'a' or n > 3", nil),
    ("not (tenant == 'a')", nil),
    ("tenant like 'a%'", nil),
    ("tenant > 'a'", nil),
    ("id == 1", nil),
])
func partitionKeyValuesForPruning(_ expression: String, _ values: [FilterValue]?) throws {
    #expect(try Filter.parse(expression, schema: schema).partitionKeyValues == values)
}

@Test func integerPartitionKeysAndSchemasWithoutOne() throws {
    let integerKeyed = FilterSchema(fields: ["id": .int64, "group": .int64], primaryKey: "id",
                                    dynamicFieldEnabled: false, partitionKey: "group")
    #expect(try Filter.parse("group in [3, 2.0, 2.5]", schema: integerKeyed).partitionKeyValues == [3, 2])
    #expect(try Filter.parse("group == {g}", schema: integerKeyed, templateValues: ["g": 9]).partitionKeyValues == [9])
    let unkeyed = FilterSchema(fields: ["id": .int64, "group": .int64], primaryKey: "id", dynamicFieldEnabled: false)
    #expect(try Filter.parse("group == 3", schema: unkeyed).partitionKeyValues == nil)
}
