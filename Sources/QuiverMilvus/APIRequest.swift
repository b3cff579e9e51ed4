// APIRequest: one decoded request body with typed, validated accessors. Every accessor throws an
// APIError naming the parameter at fault (1802 when a required one is missing, 1100 when one has
// the wrong type or value), so route code reads as a list of what it needs.
// Invariant: names handed to the engine passed `[A-Za-z_][A-Za-z0-9_]*`, 1...255 characters;
// no request value is ever used to build a file path (the engine names files by numeric ids).

import Quiver
import QuiverJSON

package struct APIRequest: Sendable {
    package let body: JSONObject
    /// `Accept-Type-Allow-Int64: false`: render Int64 values and ids as JSON strings.
    package let int64AsString: Bool
    package let limits: RequestLimits

    package init(body: JSONObject, int64AsString: Bool = false, limits: RequestLimits = RequestLimits()) {
        self.body = body
        self.int64AsString = int64AsString
        self.limits = limits
    }

    package subscript(key: String) -> JSONValue? {
        guard let value = body[key], value != .null else { return nil }
        return value
    }

    package func string(_ key: String) throws(APIError) -> String? {
        guard let value = self[key] else { return nil }
        guard case .string(let text) = value else { throw .invalid("'\(key)' must be a string, got \(value.kindName)") }
        return text
    }

    /// The first of `keys` present (Milvus clients spell some parameters two ways).
    package func string(anyOf keys: String...) throws(APIError) -> String? {
        for key in keys { if let value = try string(key) { return value } }
        return nil
    }

    package func bool(anyOf keys: String...) throws(APIError) -> Bool? {
        for key in keys { if let value = try bool(key) { return value } }
        return nil
    }

    package func requiredString(_ key: String) throws(APIError) -> String {
        guard let text = try string(key), !text.isEmpty else { throw .missing(key) }
        return text
    }

    /// A collection, partition, index, alias or field name, validated.
    package func name(_ key: String) throws(APIError) -> String {
        let text = try requiredString(key)
        try Self.validate(name: text, parameter: key)
        return text
    }

    package func optionalName(_ key: String) throws(APIError) -> String? {
        guard let text = try string(key), !text.isEmpty else { return nil }
        try Self.validate(name: text, parameter: key)
        return text
    }

    package static func validate(name: String, parameter: String) throws(APIError) {
        do {
            try CollectionSchema.validateName(name, what: parameter)
        } catch {
            throw .invalid(error.message)
        }
    }

    package var collectionName: String {
        get throws(APIError) { try name("collectionName") }
    }

    /// An integer given as a number or a numeric string (Milvus clients send both).
    package func int(_ key: String) throws(APIError) -> Int? {
        guard let value = self[key] else { return nil }
        return try Self.integer(value, parameter: key)
    }

    /// An integer that must lie in `range`. Every number a route computes with is read this way
    /// first, so no request value can overflow a sum or product (an overflow traps).
    package func int(_ key: String, in range: ClosedRange<Int>) throws(APIError) -> Int? {
        guard let value = try int(key) else { return nil }
        guard range.contains(value) else {
            throw .invalid("'\(key)' is \(value); allowed \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// `limit` (`topk` accepted; default 100) and `offset` (default 0) of a search or query page:
    /// each is checked against the topK cap on its own before they are added, then their sum.
    package func page() throws(APIError) -> (limit: Int, offset: Int) {
        let cap = limits.topK
        var limit = 100
        if let given = try int("limit", in: 1...cap) {
            limit = given
        } else if let given = try int("topk", in: 1...cap) {
            limit = given
        }
        let offset = try int("offset", in: 0...cap) ?? 0
        guard limit + offset <= cap else {
            throw .invalid("limit \(limit) + offset \(offset) must be in 1...\(cap)")
        }
        return (limit, offset)
    }

    package static func integer(_ value: JSONValue, parameter: String) throws(APIError) -> Int {
        switch value {
        case .int(let number):
            guard let result = Int(exactly: number) else { throw .invalid("'\(parameter)' is out of range") }
            return result
        case .double(let number):
            guard let result = Int(exactly: number) else { throw .invalid("'\(parameter)' must be an integer, got \(number)") }
            return result
        case .string(let text):
            guard let result = Int(text) else { throw .invalid("'\(parameter)' must be an integer, got '\(text.prefix(32))'") }
            return result
        default:
            throw .invalid("'\(parameter)' must be an integer, got \(value.kindName)")
        }
    }

    package func bool(_ key: String) throws(APIError) -> Bool? {
        guard let value = self[key] else { return nil }
        return try Self.boolean(value, parameter: key)
    }

    package static func boolean(_ value: JSONValue, parameter: String) throws(APIError) -> Bool {
        switch value {
        case .bool(let flag): return flag
        case .string("true"), .string("True"): return true
        case .string("false"), .string("False"): return false
        default: throw .invalid("'\(parameter)' must be a boolean, got \(value.kindName)")
        }
    }

    package func stringArray(_ key: String) throws(APIError) -> [String]? {
        guard let value = self[key] else { return nil }
        guard case .array(let elements) = value else { throw .invalid("'\(key)' must be an array of strings") }
        var strings: [String] = []
        for element in elements {
            guard case .string(let text) = element else { throw .invalid("'\(key)' must be an array of strings") }
            strings.append(text)
        }
        return strings
    }

    package func object(_ key: String) throws(APIError) -> JSONObject? {
        guard let value = self[key] else { return nil }
        guard case .object(let object) = value else { throw .invalid("'\(key)' must be an object, got \(value.kindName)") }
        return object
    }

    package func array(_ key: String) throws(APIError) -> [JSONValue]? {
        guard let value = self[key] else { return nil }
        guard case .array(let elements) = value else { throw .invalid("'\(key)' must be an array, got \(value.kindName)") }
        return elements
    }

    /// `filter`, nil when absent or blank; at most `limits.filterByteCount` bytes (else 1102).
    package func filter() throws(APIError) -> String? {
        guard let filter = try string("filter"), !filter.allSatisfy(\.isWhitespace) else { return nil }
        guard filter.utf8.count <= limits.filterByteCount else {
            throw APIError(.parameterTooLarge, "filter of \(filter.utf8.count) bytes; at most \(limits.filterByteCount)")
        }
        return filter
    }

    /// `partitionName` (writes and deletes), validated; nil when absent.
    package var partitionName: String? {
        get throws(APIError) { try optionalName("partitionName") }
    }

    /// `partitionNames` (reads), validated; nil when absent or empty (every partition).
    package var partitionNames: [String]? {
        get throws(APIError) {
            guard let names = try stringArray("partitionNames"), !names.isEmpty else { return nil }
            for name in names { try Self.validate(name: name, parameter: "partitionNames") }
            return names
        }
    }

    /// `exprParams`: values for `{name}` placeholders in the filter, so callers never splice
    /// user input into the expression text.
    package var templateValues: [String: FieldValue] {
        get throws(APIError) {
            guard let params = try object("exprParams") else { return [:] }
            var values: [String: FieldValue] = [:]
            for (key, value) in params.members { values[key] = RowCodec.templateValue(value) }
            return values
        }
    }
}

/// Caps on what one request may ask for. Defaults follow Milvus where it has a limit.
public struct RequestLimits: Sendable, Equatable {
    /// Rows in one insert, upsert, get or delete.
    public var batchRowCount = 100_000
    /// `limit + offset` of a search.
    public var topK = 16384
    /// Query vectors of one search.
    public var queryVectorCount = 16384
    /// UTF-8 bytes of a filter expression.
    public var filterByteCount = 65536
    /// Nested arrays/objects in a request body.
    public var jsonDepth = 64

    /// Milvus's caps.
    public init() {}
}
