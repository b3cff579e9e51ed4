// Error messages: what a caller sees for malformed or ill-typed expressions, with columns.

import QuiverFilter
import Testing

struct ErrorCase: CustomTestStringConvertible, Sendable {
    let expression: String
    let message: String
    let column: Int?
    var testDescription: String { expression }
}

let malformedExpressions: [ErrorCase] = [
    .init(expression: "", message: "the filter expression is empty at column 1", column: 1),
    .init(expression: "age in ", message: "expected a value after 'in' at column 8", column: 8),
    .init(expression: "id > 1 and age in", message: "expected a value after 'in' at column 18", column: 18),
    .init(expression: "name == \"abc", message: "unterminated string starting at column 9", column: 9),
    .init(expression: "foo(age) > 1", message: "unknown function 'foo' at column 1", column: 1),
    .init(expression: "age == \"x\"", message: "field 'age' is Int32; cannot compare with a string at column 1", column: 1),
    .init(expression: "id == 'x'", message: "field 'id' is Int64; cannot compare with a string at column 1", column: 1),
    .init(expression: "1 == name", message: "field 'name' is VarChar; cannot compare with a number at column 6", column: 6),
    .init(expression: "age in [1, \"a\"]", message: "field 'age' is Int32; cannot compare with a string at column 1", column: 1),
    .init(expression: "(age > 1", message: "unclosed '(' at column 1", column: 1),
    .init(expression: "age > 1)", message: "expected an operator or the end of the expression but found ')' at column 8", column: 8),
    .init(expression: "age > ", message: "expected a value after '>' at column 7", column: 7),
    .init(expression: "age = 1", message: "unexpected '='; use '==' to test equality at column 5", column: 5),
    .init(expression: "age > 1 and", message: "expected a value after 'and' at column 12", column: 12),
    .init(expression: "age > 1 and )", message: "expected a value but found ')' at column 13", column: 13),
    .init(expression: "vec == 1", message: "field 'vec' is FloatVector; vector fields cannot be used in filters at column 1", column: 1),
    .init(expression: "bits is null", message: "field 'bits' is BinaryVector; vector fields cannot be used in filters at column 1", column: 1),
    .init(expression: "1 < age > 5", message: "a chained comparison must point one way ('<'/'<=' twice or '>'/'>=' twice) at column 9", column: 9),
    .init(expression: "1 < age < 5 < 7", message: "a chained comparison has at most two operators at column 13", column: 13),
    .init(expression: "age in 5", message: "expected a list like [1, 2] but found '5' at column 8", column: 8),
    .init(expression: "name like 5", message: "expected a string pattern but found '5' at column 11", column: 11),
    .init(expression: "age is 5", message: "expected 'null' or 'not null' but found '5' at column 8", column: 8),
    .init(expression: "age @ 1", message: "unexpected character '@' at column 5", column: 5),
    .init(expression: "age > 1 & age < 3", message: "unexpected '&'; use '&&' or 'and' (bitwise operators are not supported) at column 9", column: 9),
    .init(expression: "age == 0x", message: "expected digits after '0x' at column 8", column: 8),
    .init(expression: "age == 019", message: "invalid octal integer '019' at column 8", column: 8),
    .init(expression: "age == 0b102", message: "invalid binary integer '0b102' at column 8", column: 8),
    .init(expression: "age == 99999999999999999999", message: "integer '99999999999999999999' is too large for Int64 at column 8", column: 8),
    .init(expression: "age == 9223372036854775808", message: "integer '9223372036854775808' is too large for Int64 at column 8", column: 8),
    .init(expression: "age == 1.5.2", message: "invalid number '1.5.2' at column 8", column: 8),
    .init(expression: "age == 12abc", message: "invalid number '12abc' at column 8", column: 8),
    .init(expression: "age == 1e", message: "expected digits in the exponent of '1e' at column 8", column: 8),
    .init(expression: "age == 1e999", message: "number '1e999' is out of range at column 8", column: 8),
    .init(expression: #"name == "a\qb""#, message: #"invalid escape '\q' in a string at column 11"#, column: 11),
    .init(expression: #"name == "\uD800""#, message: #"invalid unicode escape; expected '\u' and four hex digits at column 10"#, column: 10),
    .init(expression: "json_contains(meta)", message: "'json_contains' takes 2 arguments but got 1 at column 1", column: 1),
    .init(expression: "array_length(tags, 1) > 0", message: "'array_length' takes 1 argument but got 2 at column 1", column: 1),
    .init(expression: "json_contains_all(meta, 1)", message: "'json_contains_all' needs a list like [1, 2] as its second argument at column 25", column: 25),
    .init(expression: "array_contains(tags, 1)", message: "field 'tags' is Array(VarChar); cannot contain a number at column 22", column: 22),
    .init(expression: "json_contains(age, 1)", message: "'json_contains' needs a JSON or array field, but field 'age' is Int32 at column 15", column: 15),
    .init(expression: "json_contains(meta, age)", message: "'json_contains' needs a constant value as its second argument at column 21", column: 21),
    .init(expression: "age[0] == 1", message: "field 'age' is Int32; it cannot be indexed at column 1", column: 1),
    .init(expression: "tags[\"x\"] == 1", message: "field 'tags' is Array(VarChar); index it with one integer, like tags[0] at column 1", column: 1),
    .init(expression: "tags[0] == 1", message: "element of field 'tags' is VarChar; cannot compare with a number at column 1", column: 1),
    .init(expression: "meta[-1] == 1", message: "expected a string key or a non-negative integer index inside '[ ]' but found '-' at column 6", column: 6),
    .init(expression: "meta[\"a\" == 1", message: "expected ']' but found '==' at column 10", column: 10),
    .init(expression: "age", message: "a filter must be a boolean expression, but field 'age' is Int32 at column 1", column: 1),
    .init(expression: "age + 1 - 2", message: "a filter must be a boolean expression, but this is a number at column 1", column: 1),
    .init(expression: "not age > 1", message: "'not' needs a boolean operand, but field 'age' is Int32; write 'not (...)' around a comparison at column 1", column: 1),
    .init(expression: "active < true", message: "'<' cannot order booleans; use '==' or '!=' at column 8", column: 8),
    .init(expression: "age > 1 and name", message: "'and' needs boolean operands, but field 'name' is VarChar at column 13", column: 13),
    .init(expression: "name * 2 > 1", message: "'*' needs numbers, but field 'name' is VarChar at column 1", column: 1),
    .init(expression: "age like 'a%'", message: "'like' needs a string, but field 'age' is Int32 at column 1", column: 1),
    .init(expression: "age == {missing}", message: "no value given for template '{missing}' at column 8", column: 8),
    .init(expression: "age == {x", message: "expected a template name like '{name}' at column 8", column: 8),
    .init(expression: "age == 1 2", message: "expected an operator or the end of the expression but found '2' at column 10", column: 10),
    .init(expression: "name not like 'a'", message: "expected 'in' after 'not' (a negation goes before its operand) at column 6", column: 6),
    .init(expression: "[1, 2", message: "unclosed '[' at column 1", column: 1),
    .init(expression: "age in [1 2]", message: "expected ',' or ']' in the list but found '2' at column 11", column: 11),
    .init(expression: "$foo == 1", message: "unexpected '$'; only '$meta' may start with '$' at column 1", column: 1),
    .init(expression: "age == null", message: "'null' is not a value; use 'is null' or 'is not null' at column 8", column: 8),
    .init(expression: "exists age", message: "'exists' needs a JSON path such as meta[\"key\"], but field 'age' is Int32 at column 8", column: 8),
    .init(expression: "1 < 'a'", message: "cannot compare a number with a string at column 3", column: 3),
    .init(expression: "tags < [1]", message: "'<' cannot order arrays or lists at column 6", column: 6),
    .init(expression: "age in [1, age]", message: "list elements must be constant values at column 12", column: 12),
    .init(expression: "active == 1", message: "field 'active' is Bool; cannot compare with a number at column 1", column: 1),
    .init(expression: "é == 1", message: "unexpected character '\\u{00E9}' at column 1", column: 1),
]

@Test(arguments: malformedExpressions)
func malformedExpressionsExplainThemselves(_ testCase: ErrorCase) {
    let error = Fixtures.parseError(testCase.expression)
    #expect(error?.message == testCase.message)
    #expect(error?.column == testCase.column)
    #expect(error?.description == error?.message)
}

@Test func unknownNamesAreErrorsOnlyWithoutTheDynamicField() {
    #expect(Fixtures.parseError("colour == 'red'") == nil)
    let error = Fixtures.parseError("colour == 'red'", schema: Fixtures.staticSchema)
    #expect(error?.message == "unknown field 'colour' at column 1")
    let meta = Fixtures.parseError("$meta['a'] == 1", schema: Fixtures.staticSchema)
    #expect(meta?.message == "'$meta' is not available because the dynamic field is not enabled at column 1")
}

@Test func templateValuesAreChecked() {
    #expect(Fixtures.parseError("age in {x}", templateValues: ["x": 5])?.message
        == "template '{x}' after 'in' must hold a list at column 8")
    #expect(Fixtures.parseError("age == {x}", templateValues: ["x": .null])?.message
        == "template '{x}' is null; use 'is null' to test for null at column 8")
    #expect(Fixtures.parseError("age == {x}", templateValues: ["x": ["k": 1]])?.message
        == "template '{x}' holds an object; filters take scalars and lists at column 8")
    #expect(Fixtures.parseError("age == {x}", templateValues: ["x": "s"])?.message
        == "field 'age' is Int32; cannot compare with a string at column 1")
    #expect(Fixtures.parseError("name like {p}", templateValues: ["p": 1])?.message
        == "template '{p}' after 'like' must hold a string at column 11")
}
