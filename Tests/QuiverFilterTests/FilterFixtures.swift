// Fixtures for the filter tests: a schema covering every field kind, and a 20-row in-memory
// table (with nulls, JSON documents, arrays and dynamic keys) whose expected matches the
// evaluation tests compute by hand.

import QuiverFilter
import QuiverKernels
import Testing

/// Rows as dictionaries; a missing key reads as .null, like a null cell.
struct MemoryRows: FilterRowSource {
    let rows: [[String: FilterValue]]
    var rowCount: Int { rows.count }
    func value(of field: String, row: Int) -> FilterValue { rows[row][field] ?? .null }
}

enum Fixtures {
    static let fields: [String: FilterFieldType] = [
        "id": .int64, "age": .int32, "score": .double, "price": .float, "name": .varChar, "active": .bool,
        "meta": .json, "tags": .array(.varChar), "nums": .array(.int64), "vec": .floatVector,
        "bits": .binaryVector,
    ]
    static let schema = FilterSchema(fields: fields, primaryKey: "id", dynamicFieldEnabled: true,
                                     nullableFields: ["age", "score", "name", "meta", "tags", "nums"])
    static let staticSchema = FilterSchema(fields: fields, primaryKey: "id", dynamicFieldEnabled: false)

    /// id, age, score, name, active, meta, tags, nums, $meta; nil = null.
    static let table: MemoryRows = {
        typealias V = FilterValue
        let data: [(Int64?, Double?, String?, Bool, V, V, V, V)] = [
            (18, 1.5, "alice", true, ["a": 1, "b": ["c": "x"], "list": [1, 2, 3]], ["red", "blue"], [1, 2, 3], ["color": "red", "size": 10]),
            (25, 2.0, "bob", false, ["a": 2, "list": [2, 4]], ["green"], [4], ["color": "blue"]),
            (nil, 3.25, "carol", true, ["a": "str"], [], [], [:]),
            (40, nil, "dave", true, .null, ["red"], [1], ["color": "red", "size": 3]),
            (33, 0.5, nil, false, ["a": 3.5, "list": ["x", "y"]], ["blue", "red", "green"], [10, 20], ["size": 7]),
            (18, 10.0, "al%ce", true, ["a": 1], ["x_y"], [5], ["color": "green"]),
            (60, -1.0, "Alice", false, ["b": ["c": "y"]], ["red"], [2, 2], ["color": "RED"]),
            (7, 7.0, "éclair", true, ["list": [[1, 2], [3]]], .null, .null, ["color": "red", "flag": true]),
            (50, 4.5, "eve", false, ["a": 10], ["blue"], [8, 9], ["size": 12]),
            (21, 9.75, "frank", true, ["a": -3], ["green", "blue"], [3, 6, 9], ["color": "blue", "size": 1]),
            (0, 0.0, "", false, [:], [], [0], ["flag": false]),
            (99, 100.0, "zoe", true, ["a": 99, "list": []], ["red", "red"], [99], ["color": "red"]),
            (-5, -2.5, "ab_c", false, ["a": .null], ["a"], [-5], ["size": -1]),
            (45, 5.0, "abxc", true, ["a": 5.0], ["b"], [4, 5], ["color": "green", "size": 5]),
            (30, 3.0, "bobby", false, ["a": 2], ["blue"], [7], [:]),
            (18, 8.0, "alicia", true, ["a": 1, "b": ["c": "x"]], ["red", "green"], [1, 2], ["color": "blue", "size": 10]),
            (70, 6.5, "Bob", false, ["list": [1]], ["green"], [], ["color": "red", "size": 2]),
            (12, 1.0, "alice", true, ["a": 12], ["blue"], [12], .null),
            (27, 2.7, "carl", false, ["a": "2"], ["red", "blue", "green"], [1, 2, 3, 4], ["color": "blue"]),
            (55, nil, "dan", true, ["a": 55, "list": [5, 5]], ["green"], [55], ["size": 55]),
        ]
        var rows: [[String: FilterValue]] = []
        for (index, entry) in data.enumerated() {
            var row: [String: FilterValue] = ["id": .int(Int64(index)), "active": .bool(entry.3)]
            if let age = entry.0 { row["age"] = .int(age) }
            if let score = entry.1 { row["score"] = .double(score) }
            if let name = entry.2 { row["name"] = .string(name) }
            row["meta"] = entry.4
            row["tags"] = entry.5
            row["nums"] = entry.6
            row["$meta"] = entry.7
            rows.append(row)
        }
        return MemoryRows(rows: rows)
    }()

    /// Row ids the expression matches in `table`.
    static func matchingRows(_ expression: String, templateValues: [String: FilterValue] = [:]) throws -> [Int] {
        let filter = try Filter.parse(expression, schema: schema, templateValues: templateValues)
        let bits = filter.evaluate(table)
        let byRow = (0..<table.rowCount).filter { filter.matches(table, row: $0) }
        #expect(byRow == bits.setIndices(), "matches(row:) disagrees with evaluate for \(expression)")
        return bits.setIndices()
    }

    static func canonical(_ expression: String) throws -> String {
        try Filter.parse(expression, schema: schema).canonicalExpression
    }

    /// The error `expression` throws, or nil when it parses.
    static func parseError(_ expression: String, schema: FilterSchema = Fixtures.schema,
                           templateValues: [String: FilterValue] = [:]) -> FilterError? {
        do {
            _ = try Filter.parse(expression, schema: schema, templateValues: templateValues)
            return nil
        } catch {
            return error
        }
    }
}
