// FilterValue: the small value model filters evaluate over. QuiverFilter never sees storage
// types; the storage layer converts each cell into one of these (see FilterRowSource).
// Invariants: JSON decodes into these cases (integers as .int, other numbers as .double,
// JSON null and absent keys as .null); array fields are .array of their elements.
// Ownership: a value type; safe to share between threads.

package indirect enum FilterValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([FilterValue])
    case object([String: FilterValue])

    /// True for `.null`.
    package var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension FilterValue: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    package init(integerLiteral value: Int64) { self = .int(value) }
    package init(floatLiteral value: Double) { self = .double(value) }
    package init(stringLiteral value: String) { self = .string(value) }
    package init(booleanLiteral value: Bool) { self = .bool(value) }
    package init(arrayLiteral elements: FilterValue...) { self = .array(elements) }
    package init(dictionaryLiteral elements: (String, FilterValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
