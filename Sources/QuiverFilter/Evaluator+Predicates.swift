// Evaluator predicate nodes: comparisons, and/or/not in three-valued logic, `in` lists,
// `like`, null tests and the contains family (Milvus: the field's value, or the array at the
// JSON path, contains the element / all / any of the listed values, compared by value).
// Invariants: as Evaluator.swift; `and` stops at the first `.no`, `or` at the first `.yes`.

struct ConstantTruthNode: PredicateNode {
    let truth: Truth
    func truth<Source: FilterRowSource>(in source: Source, row: Int) -> Truth { truth }
}

struct ValueTruthNode: PredicateNode {
    let operand: any ValueNode
    func truth<Source: FilterRowSource>(in source: Source, row: Int) -> Truth {
        if case .bool(let value) = operand.value(in: source, row: row) { return Truth(value) }
        return .unknown
    }
}

struct ComparisonNode: PredicateNode {
    let op: ComparisonOperator
    let left: any ValueNode, right: any ValueNode
    func truth<Source: FilterRowSource>(in source: Source, row: Int) -> Truth {
        ValueSemantics.compare(op, left.value(in: source, row: row), right.value(in: source, row: row))
    }
}

struct AndNode: PredicateNode {
    let operands: [any PredicateNode]
    func truth<Source: FilterRowSource>(in source: Source, row: Int) -> Truth {
        var result = Truth.yes
        for operand in operands {
            switch operand.truth(in: source, row: row) {
            case .no: return .no
            case .unknown: result = .unknown
            case .yes: continue
            }
        }
        return result
    }
}

struct OrNode: PredicateNode {
    let operands: [any PredicateNode]
    func truth<Source: FilterRowSource>(in source: Source, row: Int) -> Truth {
        var result = Truth.no
        for operand in operands {
            switch operand.truth(in: source, row: row) {
            case .yes: return .yes
            case .unknown: result = .unknown
            case .no: continue
            }
        }
        return result
    }
}

struct NotNode: PredicateNode {
    let operand: any PredicateNode
    func truth<Source: FilterRowSource>(in source: Source, row: Int) -> Truth {
        operand.truth(in: source, row: row).negated
    }
}

struct MembershipNode: PredicateNode {
    let operand: any ValueNode
    let set: ConstantSet
    let negated: Bool
    func truth<Source: FilterRowSource>(in source: Source, row: Int) -> Truth {
        let value = operand.value(in: source, row: row)
        if case .null = value { return .unknown }
        return Truth(set.contains(value) != negated)
    }
}

struct LikeNode: PredicateNode {
    let operand: any ValueNode
    let pattern: LikePattern
    func truth<Source: FilterRowSource>(in source: Source, row: Int) -> Truth {
        if case .string(let text) = operand.value(in: source, row: row) { return Truth(pattern.matches(text)) }
        return .unknown
    }
}

/// `is null` / `is not null`, and `exists` (= is not null on a JSON path). Never unknown.
struct NullTestNode: PredicateNode {
    let operand: any ValueNode
    let negated: Bool
    func truth<Source: FilterRowSource>(in source: Source, row: Int) -> Truth {
        Truth(operand.value(in: source, row: row).isNull != negated)
    }
}

struct ContainsNode: PredicateNode {
    let container: any ValueNode
    let mode: ContainsMode
    let elements: [FilterValue]
    func truth<Source: FilterRowSource>(in source: Source, row: Int) -> Truth {
        switch container.value(in: source, row: row) {
        case .null: return .unknown
        case .array(let items):
            func holds(_ element: FilterValue) -> Bool { items.contains { ValueSemantics.equal($0, element) } }
            switch mode {
            case .element, .any: return Truth(elements.contains(where: holds))
            case .all: return Truth(elements.allSatisfy(holds))
            }
        default: return .no
        }
    }
}
