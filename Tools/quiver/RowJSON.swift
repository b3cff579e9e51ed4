// RowJSON: one JSON object (a line of a rows file, or a schema default value) to a Quiver Row.
// Conversions by field type: integer types take JSON integers (or integral numbers such as 3.0);
// Float/Double take any number; VarChar a string; Bool a boolean; JSON any value (stored as its
// text); Array a JSON array of the element type; FloatVector an array of numbers; BinaryVector an
// array of bytes 0...255 (dim / 8 of them). null means "not given" (default or nullable applies).
// Keys outside the schema go to the dynamic field unchanged (RowValidator rejects them when the
// collection has none). Ranges, lengths and dimensions are checked by the library's validator.
// Errors name the field and the JSON kind found, never the value (it may be private).

import Quiver

enum RowJSON {
    static func row(from object: JSONInput, schema: CollectionSchema) throws(QuiverError) -> Row {
        guard case .object(let pairs) = object else {
            throw QuiverError(.invalidArgument, "expected a JSON object, got \(object.kindName)")
        }
        var row: Row = [:]
        for (key, value) in pairs {
            if let field = schema.field(named: key) {
                row[key] = try fieldValue(value, for: field)
            } else {
                row[key] = dynamicValue(value)
            }
        }
        return row
    }

    /// The value of `json` for `field`; throws naming the field when the kinds do not match.
    static func fieldValue(_ json: JSONInput, for field: FieldSchema) throws(QuiverError) -> FieldValue {
        do {
            return try value(json, as: field.dataType, elementType: field.elementType)
        } catch {
            throw QuiverError(.invalidArgument, "field '\(field.name)': \(error.message)")
        }
    }

    /// A dynamic key's value: scalars as themselves, objects and arrays as JSON text.
    static func dynamicValue(_ json: JSONInput) -> FieldValue {
        switch json {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .integer(let number): .int(number)
        case .number(let number): .double(number)
        case .string(let text): .string(text)
        case .array, .object: .json(json.text)
        }
    }

    private static func value(_ json: JSONInput, as type: DataType, elementType: DataType?) throws(QuiverError) -> FieldValue {
        if json == .null { return .null }
        func mismatch(_ expected: String) -> QuiverError {
            QuiverError(.invalidArgument, "expected \(expected) for \(type.rawValue), got \(json.kindName)")
        }
        switch type {
        case .bool:
            guard case .bool(let flag) = json else { throw mismatch("a boolean") }
            return .bool(flag)
        case .int8, .int16, .int32, .int64:
            guard let integer = integer(json) else { throw mismatch("an integer") }
            return .int(integer)
        case .float, .double:
            guard let number = number(json) else { throw mismatch("a number") }
            return .double(number)
        case .varChar:
            guard case .string(let text) = json else { throw mismatch("a string") }
            return .string(text)
        case .json:
            return .json(json.text)
        case .array:
            guard case .array(let elements) = json else { throw mismatch("an array") }
            guard let elementType, elementType != .array else {
                throw QuiverError(.invalidArgument, "the Array field has no usable element type")
            }
            var values: [FieldValue] = []
            values.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                do {
                    values.append(try value(element, as: elementType, elementType: nil))
                } catch {
                    throw QuiverError(.invalidArgument, "array element \(index): \(error.message)")
                }
            }
            return .array(values)
        case .floatVector:
            guard case .array(let elements) = json else { throw mismatch("an array of numbers") }
            var vector: [Float] = []
            vector.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                guard let number = number(element) else {
                    throw QuiverError(.invalidArgument, "vector element \(index) is \(element.kindName), not a number")
                }
                vector.append(Float(number))
            }
            return .floatVector(vector)
        case .binaryVector:
            guard case .array(let elements) = json else { throw mismatch("an array of bytes") }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                guard let integer = integer(element), let byte = UInt8(exactly: integer) else {
                    throw QuiverError(.invalidArgument, "binary vector element \(index) is not a byte 0...255")
                }
                bytes.append(byte)
            }
            return .binaryVector(bytes)
        }
    }

    /// An integer, or a number with no fractional part that fits Int64 (3.0 is 3).
    private static func integer(_ json: JSONInput) -> Int64? {
        switch json {
        case .integer(let value): value
        case .number(let value): Int64(exactly: value)
        default: nil
        }
    }

    private static func number(_ json: JSONInput) -> Double? {
        switch json {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }
}
