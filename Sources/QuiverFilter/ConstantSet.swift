// ConstantSet: the values of an `in` list, hashed by kind so membership is O(1) for scalars.
// Invariants: numbers that are whole and fit Int64 live in `integers` (so 2 and 2.0 are the
// same member); other finite or infinite doubles live in `doubles`; NaN is never a member;
// arrays and objects are compared structurally in `others`.
// Ownership: an immutable value inside the evaluator tree.

struct ConstantSet: Sendable {
    private var integers: Set<Int64> = []
    private var doubles: Set<Double> = []
    private var strings: Set<String> = []
    private var hasTrue = false, hasFalse = false
    private var others: [FilterValue] = []

    init(_ values: [FilterValue]) {
        for value in values {
            switch value {
            case .null: continue
            case .bool(let flag): if flag { hasTrue = true } else { hasFalse = true }
            case .int(let number): integers.insert(number)
            case .double(let number):
                if let whole = ConstantSet.wholeNumber(number) { integers.insert(whole) }
                else if !number.isNaN { doubles.insert(number) }
            case .string(let text): strings.insert(text)
            case .array, .object: others.append(value)
            }
        }
    }

    func contains(_ value: FilterValue) -> Bool {
        switch value {
        case .null: return false
        case .bool(let flag): return flag ? hasTrue : hasFalse
        case .int(let number): return integers.contains(number)
        case .double(let number):
            if let whole = ConstantSet.wholeNumber(number) { return integers.contains(whole) }
            return doubles.contains(number)
        case .string(let text): return strings.contains(text)
        case .array, .object: return others.contains { ValueSemantics.equal($0, value) }
        }
    }

    /// The Int64 equal to `number`, when there is one.
    static func wholeNumber(_ number: Double) -> Int64? {
        guard number.isFinite, number == number.rounded(.towardZero),
              number >= -9_223_372_036_854_775_808.0, number < 9_223_372_036_854_775_808.0 else { return nil }
        return Int64(number)
    }
}
