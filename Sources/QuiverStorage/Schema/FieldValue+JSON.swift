// FieldValue as JSON: how the engine renders a value into a JSON column or the dynamic field
// (`$meta`). One rule for every caller: numbers keep their kind (an Int64 stays exact, a Float
// prints in its shortest form), `.json` text is parsed (so a JSON field nests as JSON, not as a
// string), vectors become arrays of numbers, and nothing non-finite is ever written (JSON has
// no NaN or infinity: such a value has no JSON form and the caller reports it).

import QuiverJSON

extension FieldValue {
    /// This value as a JSON value; nil when it holds a non-finite number or invalid JSON text.
    package var jsonValue: JSONValue? {
        switch self {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .int(number)
        case .float(let number): return number.isFinite ? .float(number) : nil
        case .double(let number): return number.isFinite ? .double(number) : nil
        case .string(let text): return .string(text)
        case .json(let text): return try? JSONParser.parse(text, maxDepth: JSONParser.storedDocumentMaxDepth)
        case .array(let values):
            var elements: [JSONValue] = []
            elements.reserveCapacity(values.count)
            for value in values {
                guard let element = value.jsonValue else { return nil }
                elements.append(element)
            }
            return .array(elements)
        case .floatVector(let vector): return vector.allSatisfy(\.isFinite) ? .array(vector.map(JSONValue.float)) : nil
        case .binaryVector(let bytes): return .array(bytes.map { .int(Int64($0)) })
        }
    }
}
