// FilterError: the one error a filter expression can produce (lexing, parsing, type checking,
// limits). The message says what was wrong and, when known, ends with "at column N".
// Invariants: `column` is 1-based and counts Unicode scalars from the start of the expression;
// when `column` is non-nil the message ends with " at column <column>".
// Messages name fields, types, operators and limits, never row values.

package struct FilterError: Error, Sendable, CustomStringConvertible, Equatable {
    package let message: String
    package let column: Int?

    package init(message: String, column: Int?) {
        self.message = message
        self.column = column
    }

    /// `problem` plus " at column N" when the column is known.
    init(_ problem: String, at column: Int?) {
        self.message = column.map { "\(problem) at column \($0)" } ?? problem
        self.column = column
    }

    package var description: String { message }
}
