// Random filters checked against a Swift-closure oracle over the fixture table. Each generated
// expression comes with a closure that computes its three-valued result (nil = unknown) per row.

import QuiverFilter
import QuiverKernels
import Testing

private typealias Row = [String: FilterValue]

private struct Generated {
    let text: String
    let truth: (Row) -> Bool?
}

private struct ExpressionGenerator {
    var random: SeededRandom

    mutating func pick<T>(_ options: [T]) -> T { options[Int(random.next() % UInt64(options.count))] }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(random.next() % UInt64(range.count)) }

    static let orderings: [(String, @Sendable (Double, Double) -> Bool)] = [
        ("==", { $0 == $1 }), ("!=", { $0 != $1 }), ("<", { $0 < $1 }), ("<=", { $0 <= $1 }),
        (">", { $0 > $1 }), (">=", { $0 >= $1 }),
    ]

    static func number(_ value: FilterValue?) -> Double? {
        switch value {
        case .int(let x): Double(x)
        case .double(let x): x
        default: nil
        }
    }

    mutating func atom() -> Generated {
        switch int(0...8) {
        case 0:
            let (op, compare) = pick(Self.orderings), k = int(-10...100)
            return Generated(text: "age \(op) \(k)") { row in Self.number(row["age"]).map { compare($0, Double(k)) } }
        case 1:
            let (op, compare) = pick(Self.orderings), k = Double(int(-40...800)) / 8
            return Generated(text: "score \(op) \(k)") { row in Self.number(row["score"]).map { compare($0, k) } }
        case 2:
            let m = int(2...5), r = int(0...(m - 1))
            return Generated(text: "id % \(m) == \(r)") { row in
                guard case .int(let id) = row["id"] else { return nil }
                return id % Int64(m) == Int64(r)
            }
        case 3:
            let names = ["alice", "bob", "zoe", "", "dan", "x"]
            let chosen = (0..<int(1...3)).map { _ in pick(names) }
            let negated = int(0...1) == 1
            let list = chosen.map { "\"\($0)\"" }.joined(separator: ", ")
            return Generated(text: "name \(negated ? "not in" : "in") [\(list)]") { row in
                guard case .string(let name) = row["name"] else { return nil }
                return chosen.contains(name) != negated
            }
        case 4:
            return Generated(text: "active") { row in
                guard case .bool(let flag) = row["active"] else { return nil }
                return flag
            }
        case 5:
            let color = pick(["red", "blue", "green", "x_y"])
            return Generated(text: "array_contains(tags, \"\(color)\")") { row in
                guard case .array(let tags) = row["tags"] else { return nil }
                return tags.contains(.string(color))
            }
        case 6:
            let (op, compare) = pick(Self.orderings), k = int(-2...20)
            return Generated(text: "size \(op) \(k)") { row in
                guard case .object(let dynamic) = row["$meta"] else { return nil }
                return Self.number(dynamic["size"]).map { compare($0, Double(k)) }
            }
        case 7:
            let prefix = pick(["a", "al", "b", "", "c", "ali"])
            return Generated(text: "name like \"\(prefix)%\"") { row in
                guard case .string(let name) = row["name"] else { return nil }
                return name.utf8.starts(with: prefix.utf8)
            }
        default:
            let k = int(-20...60)
            return Generated(text: "age + \(k) > score") { row in
                guard let age = Self.number(row["age"]), let score = Self.number(row["score"]) else { return nil }
                return age + Double(k) > score
            }
        }
    }

    mutating func expression(depth: Int) -> Generated {
        guard depth > 0, int(0...2) != 0 else { return atom() }
        switch int(0...2) {
        case 0:
            let operand = expression(depth: depth - 1)
            return Generated(text: "not (\(operand.text))") { row in operand.truth(row).map { !$0 } }
        case 1:
            let left = expression(depth: depth - 1), right = expression(depth: depth - 1)
            return Generated(text: "(\(left.text)) and (\(right.text))") { row in
                let a = left.truth(row), b = right.truth(row)
                if a == false || b == false { return false }
                if a == nil || b == nil { return nil }
                return true
            }
        default:
            let left = expression(depth: depth - 1), right = expression(depth: depth - 1)
            return Generated(text: "(\(left.text)) or (\(right.text))") { row in
                let a = left.truth(row), b = right.truth(row)
                if a == true || b == true { return true }
                if a == nil || b == nil { return nil }
                return false
            }
        }
    }
}

@Test func randomFiltersAgreeWithTheClosureOracle() throws {
    var generator = ExpressionGenerator(random: SeededRandom(seed: 1_234))
    let table = Fixtures.table
    for _ in 0..<600 {
        let generated = generator.expression(depth: 4)
        let filter = try Filter.parse(generated.text, schema: Fixtures.schema)
        let expected = table.rows.indices.filter { generated.truth(table.rows[$0]) == true }
        #expect(filter.evaluate(table).setIndices() == expected, "\(generated.text)")
    }
}
