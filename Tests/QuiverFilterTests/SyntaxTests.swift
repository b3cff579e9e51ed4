// Syntax tests: literal forms, keyword spellings and operator precedence, read back through
// Filter.canonicalExpression (every operation parenthesised).

import QuiverFilter
import Testing

/// `v == <literal>` on a dynamic key `v`, which accepts any literal kind.
@Test(arguments: [
    ("42", "42"), ("0x1F", "31"), ("0X1f", "31"), ("0o17", "15"), ("017", "15"), ("0b101", "5"), ("0B11", "3"),
    ("0", "0"), ("1.5", "1.5"), ("1e-3", "0.001"), ("1E3", "1000.0"), (".5", "0.5"), ("2.", "2.0"),
    ("1.25e+2", "125.0"), ("true", "true"), ("True", "true"), ("TRUE", "true"), ("false", "false"),
    ("False", "false"), ("FALSE", "false"), ("'single'", "\"single\""), ("\"double\"", "\"double\""),
    (#""a\nb\tc""#, #""a\nb\tc""#), (#"'it\'s'"#, #""it's""#), (#""say \"hi\"""#, #""say \"hi\"""#),
    (#""back\\slash""#, #""back\\slash""#), (#""\u00e9\u0041""#, "\"éA\""), (#""\uD83D\uDE00""#, "\"😀\""),
    ("-9223372036854775808", "-9223372036854775808"), ("9223372036854775807", "9223372036854775807"),
    ("-5", "-5"), ("[1, 'a', 2.5, [true]]", "[1, \"a\", 2.5, [true]]"), ("[1, 2,]", "[1, 2]"), ("[]", "[]"),
])
func literalForms(_ literal: String, _ canonical: String) throws {
    let parsed = try Filter.parse("v == \(literal)", schema: Fixtures.schema)
    // Negative literals print as a negation of the magnitude unless folded by the lexer (Int64.min).
    let expected = literal == "-5" ? "(v == (-5))" : "(v == \(canonical))"
    #expect(parsed.canonicalExpression == expected)
}

@Test func literalValuesEvaluateAsWritten() throws {
    let rows = MemoryRows(rows: [["$meta": ["h": 31, "o": 15, "b": 5, "f": 0.001, "s": "é\n"]]])
    for expression in ["h == 0x1F", "o == 017", "o == 0o17", "b == 0b101", "f == 1e-3", "s == \"\\u00e9\\n\"",
                       "h == 31.0", "f < .002", "h == -(-31)", "h == 0x1f + 0"] {
        let filter = try Filter.parse(expression, schema: Fixtures.schema)
        #expect(filter.matches(rows, row: 0), "\(expression)")
    }
}

@Test(arguments: [
    ("a + b * c > 1", "((a + (b * c)) > 1)"),
    ("a * b + c > 0", "(((a * b) + c) > 0)"),
    ("a - b - c > 0", "(((a - b) - c) > 0)"),
    ("a / b % c > 0", "(((a / b) % c) > 0)"),
    ("-a ** 2 > 0", "((-(a ** 2)) > 0)"),
    ("a ** b ** c > 0", "((a ** (b ** c)) > 0)"),
    ("a ** -b > 0", "((a ** (-b)) > 0)"),
    ("-a * b > 0", "(((-a) * b) > 0)"),
    ("not a and b", "((not a) and b)"),
    ("a or b and c", "(a or (b and c))"),
    ("a and b or c and d", "((a and b) or (c and d))"),
    ("a and b and c", "(a and b and c)"),
    ("a || b || c", "(a or b or c)"),
    ("a && !b", "(a and (not b))"),
    ("a AND b OR NOT c", "((a and b) or (not c))"),
    ("x > 1 == y < 2", "((x > 1) == (y < 2))"),
    ("a == b != c", "((a == b) != c)"),
    ("1 < age <= 5", "(1 < age <= 5)"),
    ("10 > x >= 2", "(10 > x >= 2)"),
    ("a + 1 < b * 2 < c - 1", "((a + 1) < (b * 2) < (c - 1))"),
    ("x in [1, 2] and y not in [3]", "((x in [1, 2]) and (y not in [3]))"),
    ("x NOT IN [1]", "(x not in [1])"),
    ("x + 1 in [2]", "((x + 1) in [2])"),
    ("name like 'a%' or x", "((name like \"a%\") or x)"),
    ("x is null and y is not null", "((x is null) and (y is not null))"),
    ("(a or b) and c", "((a or b) and c)"),
    ("((a))", "a"),
    ("meta[\"a\"][\"b\"][0] > 1", "(meta[\"a\"][\"b\"][0] > 1)"),
    ("$meta['k'] == 1", "($meta[\"k\"] == 1)"),
    ("Json_Contains(tags, 'x') and array_length(nums) > 1",
     "(json_contains(tags, \"x\") and (array_length(nums) > 1))"),
    ("exists meta['a'] and b", "((exists meta[\"a\"]) and b)"),
    ("a\n\tand\r\nb", "(a and b)"),
    // The worked examples of FilterGrammar.md.
    ("price * 2 > 10 or age % 2 == 0", "(((price * 2) > 10) or ((age % 2) == 0))"),
    ("-a ** 2 > -5", "((-(a ** 2)) > (-5))"),
    ("name like \"al%\" && !(name like \"%e\")", "((name like \"al%\") and (not (name like \"%e\")))"),
    ("x is not null AND NOT (x == 0x1F)", "((x is not null) and (not (x == 31)))"),
])
func precedence(_ expression: String, _ canonical: String) throws {
    #expect(try Fixtures.canonical(expression) == canonical)
}

@Test func keywordsAreLowerOrUpperCaseOnly() throws {
    // Milvus spells keywords `and` or `AND`; `And` is a name (here a dynamic key) and so a syntax error.
    #expect(Fixtures.parseError("a And b") != nil)
    #expect(try Fixtures.canonical("a AND b") == "(a and b)")
}
