// Key extraction for the planner: finds `pk == v`, `v == pk`, `pk in [...]` and `or`s of those
// at the top of a checked filter (alone or as an `and` operand), so point lookups can skip
// scanning; the same for the partition-key field, so reads can be pruned to the partitions its
// values hash to. The filter is still evaluated on the rows found; this only narrows them.
// Invariants: keys are converted to the key's kind (whole doubles become .int for Int64 keys;
// values that cannot equal any key are dropped); nil means "no restriction found".

enum PrimaryKeyExtraction {
    static func keys(of root: CheckedExpression, schema: FilterSchema) -> [FilterValue]? {
        values(of: root, field: schema.primaryKey, schema: schema)
    }

    /// The values `field` is pinned to (nil when the filter does not pin it).
    static func values(of root: CheckedExpression, field: String, schema: FilterSchema) -> [FilterValue]? {
        guard let keyType = schema.fields[field] else { return nil }
        let key = field
        let operands: [CheckedExpression]
        if case .and(let conjuncts) = root { operands = conjuncts } else { operands = [root] }
        var result: [FilterValue]?
        for operand in operands {
            guard let keys = restriction(operand, key: key, keyType: keyType) else { continue }
            if let previous = result {
                let allowed = Set(keys)
                result = previous.filter { allowed.contains($0) }
            } else {
                result = keys
            }
        }
        return result
    }

    private static func restriction(_ expression: CheckedExpression, key: String,
                                     keyType: FilterFieldType) -> [FilterValue]? {
        var raw: [FilterValue]
        switch expression {
        case .comparison(.equal, .field(let name, let path), .constant(let value)),
             .comparison(.equal, .constant(let value), .field(let name, let path)):
            guard name == key, path.isEmpty else { return nil }
            raw = [value]
        case .membership(.field(let name, let path), let values, negated: false):
            guard name == key, path.isEmpty else { return nil }
            raw = values
        case .or(let operands):
            raw = []
            for operand in operands {
                guard let keys = restriction(operand, key: key, keyType: keyType) else { return nil }
                raw.append(contentsOf: keys)
            }
        default:
            return nil
        }
        var seen: Set<FilterValue> = []
        var keys: [FilterValue] = []
        for value in raw {
            guard let converted = convert(value, to: keyType), seen.insert(converted).inserted else { continue }
            keys.append(converted)
        }
        return keys
    }

    private static func convert(_ value: FilterValue, to keyType: FilterFieldType) -> FilterValue? {
        switch (keyType, value) {
        case (.varChar, .string): value
        case (.int8, .int), (.int16, .int), (.int32, .int), (.int64, .int): value
        case (.int8, .double(let d)), (.int16, .double(let d)), (.int32, .double(let d)), (.int64, .double(let d)):
            ConstantSet.wholeNumber(d).map(FilterValue.int)
        default: nil
        }
    }
}
