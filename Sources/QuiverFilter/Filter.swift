// Filter: a parsed, type-checked Milvus boolean expression, ready to evaluate over rows.
// Parse once, evaluate many times and from many threads (the compiled tree is immutable).
// Null handling is SQL's three-valued logic: a comparison with null (or a missing JSON key)
// is unknown, `not unknown` is unknown, and a row matches only when the filter is true.
// Invariants: parse never traps on any input: everything the caller sends (expression,
// template values) is checked and reported as FilterError; FilterLimits bound the work.
// Ownership: an immutable value type; Sendable.

import QuiverKernels

package enum FilterLimits {
    /// Longest accepted expression, in UTF-8 bytes.
    package static let maxExpressionLength = 65_536
    /// Deepest accepted nesting of parentheses, operators, lists and calls.
    package static let maxNestingDepth = 64
    /// Most elements in one list (`in [...]`, contains lists, template lists).
    package static let maxInListCount = 16_384
}

package struct Filter: Sendable {
    /// The expression as the caller wrote it.
    package let expression: String
    /// Schema fields the filter reads; "$meta" when it reads dynamic keys.
    package let referencedFields: Set<String>
    /// If the filter (or one of its top-level `and` operands) is `pk in [...]`, `pk == v`, or an
    /// `or` of such tests, the keys it allows, deduplicated in first-seen order (intersected
    /// when several operands restrict the key). Rows outside these keys can never match.
    package let primaryKeyValues: [FilterValue]?
    /// Bounds on plain scalar fields at the filter's top level (see FieldRestriction), for
    /// scalar indexes: rows outside any of them can never match.
    package let fieldRestrictions: [(field: String, restriction: FieldRestriction)]
    /// True when the filter is exactly the conjunction of `fieldRestrictions`, so a typed column
    /// scan of them (QuiverQuery's RestrictionScan) may stand in for the evaluator.
    package let isConjunctionOfRestrictions: Bool
    /// The same for the schema's partition-key field (`key == v`, `key in [...]`, `or`s of those,
    /// intersected across `and` operands): rows whose key is not among these can never match,
    /// so a read may skip every partition they do not hash to. nil: not pinned (scan all).
    package let partitionKeyValues: [FilterValue]?
    /// Every operation in parentheses, keywords lower case: `((a + (b * c)) > 1)`.
    package let canonicalExpression: String

    private let root: any PredicateNode

    package static func parse(_ expression: String, schema: FilterSchema,
                             templateValues: [String: FilterValue] = [:]) throws(FilterError) -> Filter {
        let byteCount = expression.utf8.count
        guard byteCount <= FilterLimits.maxExpressionLength else {
            throw FilterError("expression is \(byteCount) bytes long; the limit is "
                              + "\(FilterLimits.maxExpressionLength) (FilterLimits.maxExpressionLength)", at: nil)
        }
        let tokens = try Lexer.tokenize(expression)
        var parser = Parser(tokens: tokens, templateValues: templateValues)
        let syntax = try parser.parseFilter()
        var checker = TypeChecker(schema: schema)
        let checked = try checker.checkFilter(syntax)
        let restrictions = FieldRestrictionExtraction.restrictions(of: checked)
        return Filter(expression: expression, referencedFields: checker.referencedFields,
                      primaryKeyValues: PrimaryKeyExtraction.keys(of: checked, schema: schema),
                      fieldRestrictions: restrictions.found, isConjunctionOfRestrictions: restrictions.isWholeFilter,
                      partitionKeyValues: schema.partitionKey.flatMap { field in
                          PrimaryKeyExtraction.values(of: checked, field: field, schema: schema)
                      },
                      canonicalExpression: syntax.canonical, root: EvaluatorCompiler.predicate(checked))
    }

    /// Bit i is set iff row i matches.
    package func evaluate(_ source: some FilterRowSource) -> Bitset {
        let rowCount = source.rowCount
        var words = [UInt64](repeating: 0, count: (rowCount + 63) / 64)
        for row in 0..<rowCount where root.truth(in: source, row: row) == .yes {
            words[row >> 6] |= 1 << UInt64(row & 63)
        }
        return Bitset(words: words, count: rowCount)
    }

    /// Whether row `row` matches (unknown counts as no).
    package func matches(_ source: some FilterRowSource, row: Int) -> Bool {
        root.truth(in: source, row: row) == .yes
    }
}
