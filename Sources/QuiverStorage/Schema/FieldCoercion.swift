// FieldCoercion: turns a caller's value into the canonical stored form for a field, or throws an
// error that names the value and the limit it broke. Canonical forms: integers as .int (range
// checked), Float as .float, Double as .double, VarChar as .string, JSON as .json(text),
// Array as .array of canonical elements, vectors as their arrays. Callers add row and field names.

import QuiverJSON

enum FieldCoercion {
    static let jsonMaxByteCount = 65_536

    static func coerce(_ value: FieldValue, to field: FieldSchema) throws(QuiverError) -> FieldValue {
        switch field.dataType {
        case .bool:
            guard case .bool = value else { throw mismatch(value, field) }
            return value
        case .int8, .int16, .int32, .int64:
            guard case .int(let number) = value else { throw mismatch(value, field) }
            let range = field.dataType.integerRange!
            guard range.contains(number) else {
                throw QuiverError(.invalidArgument, "value \(number) is outside \(field.dataType.rawValue) range \(range.lowerBound)...\(range.upperBound)")
            }
            return value
        case .float:
            let number: Double
            switch value {
            case .int(let n): number = Double(n)
            case .float(let f): number = Double(f)
            case .double(let d): number = d
            default: throw mismatch(value, field)
            }
            guard number.isFinite, abs(number) <= Double(Float.greatestFiniteMagnitude) else {
                throw QuiverError(.invalidArgument, "value \(number) is not a finite Float")
            }
            return .float(Float(number))
        case .double:
            let number: Double
            switch value {
            case .int(let n): number = Double(n)
            case .float(let f): number = Double(f)
            case .double(let d): number = d
            default: throw mismatch(value, field)
            }
            guard number.isFinite else { throw QuiverError(.invalidArgument, "value \(number) is not a finite Double") }
            return .double(number)
        case .varChar:
            guard case .string(let text) = value else { throw mismatch(value, field) }
            let limit = field.maxLength ?? SchemaLimits.varCharMaxLength.upperBound
            guard text.utf8.count <= limit else {
                throw QuiverError(.invalidArgument, "string of \(text.utf8.count) bytes exceeds max_length \(limit)")
            }
            return value
        case .json:
            return .json(try jsonText(of: value))
        case .array:
            guard case .array(let elements) = value else { throw mismatch(value, field) }
            let capacity = field.maxCapacity ?? SchemaLimits.arrayMaxCapacity.upperBound
            guard elements.count <= capacity else {
                throw QuiverError(.invalidArgument, "array of \(elements.count) elements exceeds max_capacity \(capacity)")
            }
            let elementField = FieldSchema(name: field.name, dataType: field.elementType ?? .int64, maxLength: field.maxLength)
            var coerced: [FieldValue] = []
            coerced.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                do {
                    coerced.append(try coerce(element, to: elementField))
                } catch {
                    throw QuiverError(.invalidArgument, "array element \(index): \(error.message)")
                }
            }
            return .array(coerced)
        case .floatVector:
            guard case .floatVector(let vector) = value else { throw mismatch(value, field) }
            let dimension = field.dimension ?? 0
            guard vector.count == dimension else {
                throw QuiverError(.invalidArgument, "vector has dimension \(vector.count), schema requires \(dimension)")
            }
            if let bad = vector.firstIndex(where: { !$0.isFinite }) {
                throw QuiverError(.invalidArgument, "vector element \(bad) is \(vector[bad]); NaN and infinity are not allowed")
            }
            return value
        case .binaryVector:
            guard case .binaryVector(let bytes) = value else { throw mismatch(value, field) }
            let expected = field.bytesPerBinaryVector
            guard bytes.count == expected else {
                throw QuiverError(.invalidArgument, "binary vector has \(bytes.count * 8) bits, schema requires \(expected * 8)")
            }
            return value
        }
    }

    private static func mismatch(_ value: FieldValue, _ field: FieldSchema) -> QuiverError {
        QuiverError(.invalidArgument, "expected \(field.dataType.rawValue), got \(value.kindName) \(value)")
    }

    /// JSON text for a value destined for a JSON field (or the dynamic field), validated and
    /// bounded. Given JSON text is kept as written; any other value is written canonically
    /// (keys sorted, shortest numbers).
    static func jsonText(of value: FieldValue) throws(QuiverError) -> String {
        let text: String
        switch value {
        case .json(let given):
            do {
                _ = try JSONParser.parse(given, maxDepth: JSONParser.storedDocumentMaxDepth)
            } catch {
                throw QuiverError(.invalidArgument, "text is not valid JSON (\(error.message))")
            }
            text = given
        default:
            guard let json = value.jsonValue else {
                throw QuiverError(.invalidArgument, "\(value.kindName) cannot be stored as JSON")
            }
            text = JSONWriter.string(of: json, sortingKeys: true)
        }
        guard text.utf8.count <= jsonMaxByteCount else {
            throw QuiverError(.invalidArgument, "JSON of \(text.utf8.count) bytes exceeds the limit of \(jsonMaxByteCount)")
        }
        return text
    }
}
