// RowCodec: converts rows between Milvus's JSON rows and the engine's `Row`, for REST requests
// and replies and for `quiver insert --rows` / `quiver query` alike.
// In: integer fields take integral numbers (3.0 is 3), vectors become .floatVector/.binaryVector (else code 1804 naming row and field), JSON
// fields keep their JSON text, Int64 fields also take numeric strings (what JavaScript clients
// send), keys outside the schema go to the dynamic field as the engine decides. Every other
// check (types, ranges, dimensions, missing fields) is the engine's, which names row and field.
// Out: `$meta` is flattened into the row; with `int64AsString` Int64 values become strings.

import Quiver
import QuiverJSON

package enum RowCodec {
    package static func rows(from value: JSONValue?, schema: CollectionSchema, limits: RequestLimits) throws(APIError) -> [Row] {
        guard let value else { throw .missing("data") }
        let elements: [JSONValue]
        switch value {
        case .array(let array): elements = array
        case .object: elements = [value]
        default: throw APIError(.insertDataInvalid, "'data' must be an array of row objects, got \(value.kindName)")
        }
        guard !elements.isEmpty else { throw APIError(.insertDataInvalid, "'data' holds no rows") }
        guard elements.count <= limits.batchRowCount else {
            throw APIError(.parameterTooLarge, "'data' holds \(elements.count) rows; at most \(limits.batchRowCount) per request")
        }
        var rows: [Row] = []
        rows.reserveCapacity(elements.count)
        for (rowIndex, element) in elements.enumerated() {
            rows.append(try row(from: element, schema: schema, rowIndex: rowIndex))
        }
        return rows
    }

    /// One row object; `rowIndex` names the row in errors.
    package static func row(from element: JSONValue, schema: CollectionSchema, rowIndex: Int) throws(APIError) -> Row {
        guard case .object(let object) = element else {
            throw APIError(.insertDataInvalid, "row \(rowIndex) must be an object, got \(element.kindName)")
        }
        var row: Row = [:]
        for (name, value) in object.members {
            if let field = schema.field(named: name) {
                row[name] = try fieldValue(value, for: field, row: rowIndex)
            } else {
                row[name] = dynamicValue(value)
            }
        }
        return row
    }

    /// A value for a schema field (also used for default values).
    package static func fieldValue(_ value: JSONValue, for field: FieldSchema, row: Int?) throws(APIError) -> FieldValue {
        let place = row.map { "row \($0), field '\(field.name)'" } ?? "field '\(field.name)'"
        switch field.dataType {
        case .floatVector:
            guard case .array(let elements) = value else {
                throw APIError(.insertDataInvalid, "\(place): FloatVector must be an array of numbers, got \(value.kindName)")
            }
            var vector: [Float] = []
            vector.reserveCapacity(elements.count)
            for element in elements {
                guard let number = element.doubleValue else {
                    throw APIError(.insertDataInvalid, "\(place): FloatVector element \(vector.count) is \(element.kindName), not a number")
                }
                vector.append(Float(number))
            }
            guard vector.count == field.dimension else {
                throw APIError(.insertDataInvalid, "\(place): vector has dimension \(vector.count), schema requires \(field.dimension ?? 0)")
            }
            return .floatVector(vector)
        case .binaryVector:
            guard case .array(let elements) = value else {
                throw APIError(.insertDataInvalid, "\(place): BinaryVector must be an array of bytes (0...255), got \(value.kindName)")
            }
            var bytes: [UInt8] = []
            for element in elements {
                guard case .int(let number) = element, let byte = UInt8(exactly: number) else {
                    throw APIError(.insertDataInvalid, "\(place): BinaryVector element \(bytes.count) is not a byte (0...255)")
                }
                bytes.append(byte)
            }
            return .binaryVector(bytes)
        case .json:
            return .json(JSONWriter.string(of: value))
        case .int64:
            if case .string(let text) = value, let number = Int64(text) { return .int(number) }
            return integral(value)
        case .int8, .int16, .int32:
            return integral(value)
        case .array where field.elementType?.isInteger == true:
            guard case .array(let elements) = value else { return scalar(value) }
            return .array(elements.map(integral))
        default:
            return scalar(value)
        }
    }

    /// A number with no fractional part as an integer (3.0 is 3, as JavaScript clients send it);
    /// anything else as it is, for the engine to accept or refuse by the field's type.
    private static func integral(_ value: JSONValue) -> FieldValue {
        if case .double(let number) = value, let exact = Int64(exactly: number) { return .int(exact) }
        return scalar(value)
    }

    /// A value for a key outside the schema: scalars as themselves, containers as JSON.
    package static func dynamicValue(_ value: JSONValue) -> FieldValue {
        switch value {
        case .array, .object: .json(JSONWriter.string(of: value))
        default: scalar(value)
        }
    }

    /// A filter template value: scalars and arrays as themselves, objects as JSON text.
    package static func templateValue(_ value: JSONValue) -> FieldValue { scalar(value) }

    private static func scalar(_ value: JSONValue) -> FieldValue {
        switch value {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .int(let number): .int(number)
        case .double(let number): .double(number)
        case .float(let number): .float(number)
        case .string(let text): .string(text)
        case .array(let elements): .array(elements.map(scalar))
        case .object: .json(JSONWriter.string(of: value))
        }
    }

    // MARK: Out

    /// A row as the API returns it: key first, then schema fields in schema order, then the
    /// dynamic keys that `selection` admits.
    package static func json(of row: Row, schema: CollectionSchema, selection: OutputSelection, int64AsString: Bool) -> JSONObject {
        var object = JSONObject()
        for field in schema.fields {
            guard let value = row[field.name] else { continue }
            object[field.name] = json(of: value, int64AsString: int64AsString && field.dataType == .int64)
        }
        if case .json(let text)? = row[CollectionSchema.dynamicFieldName],
           case .object(let dynamic)? = try? JSONParser.parse(Array(text.utf8), maxDepth: 512) {
            for (key, value) in dynamic.members where object[key] == nil && selection.admitsDynamicKey(key) {
                object[key] = value
            }
        }
        return object
    }

    package static func json(of value: FieldValue, int64AsString: Bool) -> JSONValue {
        switch value {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .int(let number): int64AsString ? .string(String(number)) : .int(number)
        case .float(let number): .float(number)
        case .double(let number): .double(number)
        case .string(let text): .string(text)
        case .json(let text): (try? JSONParser.parse(Array(text.utf8), maxDepth: 512)) ?? .string(text)
        case .array(let elements): .array(elements.map { json(of: $0, int64AsString: int64AsString) })
        case .floatVector(let vector): .array(vector.map(JSONValue.float))
        case .binaryVector(let bytes): .array(bytes.map { .int(Int64($0)) })
        }
    }

    package static func json(of key: PrimaryKey, int64AsString: Bool) -> JSONValue {
        switch key {
        case .int(let number): int64AsString ? .string(String(number)) : .int(number)
        case .string(let text): .string(text)
        }
    }
}
