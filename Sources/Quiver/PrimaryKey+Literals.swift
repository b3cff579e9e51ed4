// Literal conveniences so callers can write `delete(ids: [1, 2])` or `get(ids: ["a"])`.

extension PrimaryKey: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    /// An Int64 key written as a literal: `1`.
    public init(integerLiteral value: Int64) { self = .int(value) }
    /// A VarChar key written as a literal: `"a"`.
    public init(stringLiteral value: String) { self = .string(value) }

    /// The Int64 value of an Int64 key.
    public var intValue: Int64? {
        if case .int(let value) = self { return value }
        return nil
    }
}
