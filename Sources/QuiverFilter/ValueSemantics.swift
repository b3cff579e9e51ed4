// Value semantics: how filter values compare, combine and are navigated at run time.
// Rules: null (or a missing JSON key / out-of-range index) makes a comparison unknown;
// int and double compare exactly (no rounding through Double); equality is defined between
// any two non-null values (different kinds are unequal, 1 == 1.0); ordering is defined only
// between two numbers or two strings (otherwise unknown); strings order as Swift Strings.
// Arithmetic: int op int stays int, falling back to double on overflow; int division
// truncates; division or remainder by integer zero is null; `**` is always a double.
// Invariants: never traps; recursion over nested arrays/objects stops at `equalityDepthLimit`.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Three-valued logic (SQL): a row matches only when its filter is `.yes`.
enum Truth: UInt8, Sendable {
    case no, yes, unknown

    init(_ value: Bool) { self = value ? .yes : .no }

    var negated: Truth {
        switch self {
        case .no: .yes
        case .yes: .no
        case .unknown: .unknown
        }
    }

    var asValue: FilterValue {
        switch self {
        case .no: .bool(false)
        case .yes: .bool(true)
        case .unknown: .null
        }
    }
}

enum ValueSemantics {
    static let equalityDepthLimit = 256

    // MARK: Comparison

    static func compare(_ op: ComparisonOperator, _ left: FilterValue, _ right: FilterValue) -> Truth {
        switch (left, right) {
        case (.null, _), (_, .null):
            return .unknown
        case (.string(let a), .string(let b)):
            return Truth(apply(op, order: a == b ? 0 : (a < b ? -1 : 1)))
        case (.int, .int), (.int, .double), (.double, .int), (.double, .double):
            guard let order = numericOrder(left, right) else { return Truth(op == .notEqual) }  // NaN
            return Truth(apply(op, order: order))
        default:
            switch op {
            case .equal: return Truth(equal(left, right))
            case .notEqual: return Truth(!equal(left, right))
            default: return .unknown
            }
        }
    }

    static func apply(_ op: ComparisonOperator, order: Int) -> Bool {
        switch op {
        case .equal: order == 0
        case .notEqual: order != 0
        case .less: order < 0
        case .lessOrEqual: order <= 0
        case .greater: order > 0
        case .greaterOrEqual: order >= 0
        }
    }

    /// -1, 0, 1 for two numbers; nil when either is not a number or is NaN.
    static func numericOrder(_ left: FilterValue, _ right: FilterValue) -> Int? {
        switch (left, right) {
        case (.int(let a), .int(let b)): return a == b ? 0 : (a < b ? -1 : 1)
        case (.int(let a), .double(let b)): return order(a, b)
        case (.double(let a), .int(let b)): return order(b, a).map { -$0 }
        case (.double(let a), .double(let b)):
            if a.isNaN || b.isNaN { return nil }
            return a == b ? 0 : (a < b ? -1 : 1)
        default: return nil
        }
    }

    /// Exact order of an Int64 against a Double (no precision lost above 2^53).
    static func order(_ integer: Int64, _ double: Double) -> Int? {
        if double.isNaN { return nil }
        if double >= 9_223_372_036_854_775_808.0 { return -1 }
        if double < -9_223_372_036_854_775_808.0 { return 1 }
        let truncated = double.rounded(.towardZero)
        let whole = Int64(truncated)
        if integer != whole { return integer < whole ? -1 : 1 }
        if double == truncated { return 0 }
        return double > truncated ? -1 : 1
    }

    /// Structural equality with numbers compared by value; null equals nothing.
    static func equal(_ left: FilterValue, _ right: FilterValue, depth: Int = 0) -> Bool {
        guard depth < equalityDepthLimit else { return false }
        switch (left, right) {
        case (.bool(let a), .bool(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.int, _), (.double, _): return numericOrder(left, right) == 0
        case (.array(let a), .array(let b)):
            guard a.count == b.count else { return false }
            for (x, y) in zip(a, b) where !equal(x, y, depth: depth + 1) { return false }
            return true
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            for (key, x) in a {
                guard let y = b[key], equal(x, y, depth: depth + 1) else { return false }
            }
            return true
        default: return false
        }
    }

    // MARK: Arithmetic

    static func negate(_ value: FilterValue) -> FilterValue {
        switch value {
        case .int(let a): a == .min ? .double(-Double(a)) : .int(-a)
        case .double(let a): .double(-a)
        default: .null
        }
    }

    static func arithmetic(_ op: ArithmeticOperator, _ left: FilterValue, _ right: FilterValue) -> FilterValue {
        if case .int(let a) = left, case .int(let b) = right, op != .power {
            return integerArithmetic(op, a, b)
        }
        let a: Double, b: Double
        switch left {
        case .int(let x): a = Double(x)
        case .double(let x): a = x
        default: return .null
        }
        switch right {
        case .int(let x): b = Double(x)
        case .double(let x): b = x
        default: return .null
        }
        switch op {
        case .add: return .double(a + b)
        case .subtract: return .double(a - b)
        case .multiply: return .double(a * b)
        case .divide: return .double(a / b)
        case .remainder: return .double(a.truncatingRemainder(dividingBy: b))
        case .power: return .double(pow(a, b))
        }
    }

    private static func integerArithmetic(_ op: ArithmeticOperator, _ a: Int64, _ b: Int64) -> FilterValue {
        let result: (partialValue: Int64, overflow: Bool)
        switch op {
        case .add: result = a.addingReportingOverflow(b)
        case .subtract: result = a.subtractingReportingOverflow(b)
        case .multiply: result = a.multipliedReportingOverflow(by: b)
        case .divide:
            if b == 0 { return .null }
            result = a.dividedReportingOverflow(by: b)
        case .remainder:
            if b == 0 { return .null }
            return .int(a.remainderReportingOverflow(dividingBy: b).partialValue)
        case .power:
            return .double(pow(Double(a), Double(b)))
        }
        if !result.overflow { return .int(result.partialValue) }
        return arithmetic(op, .double(Double(a)), .double(Double(b)))
    }

    // MARK: Paths

    /// Follows `path` into objects and arrays; .null when a step does not apply.
    static func navigate(_ value: FilterValue, _ path: [PathComponent]) -> FilterValue {
        var current = value
        for component in path {
            switch (component, current) {
            case (.key(let key), .object(let members)):
                current = members[key] ?? .null
            case (.index(let index), .array(let elements)):
                current = index < elements.count ? elements[index] : .null
            default:
                return .null
            }
        }
        return current
    }
}
