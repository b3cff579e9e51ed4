// GRPCTemplateValues: `expr_template_values` (values for `{name}` placeholders in a filter, so
// clients never splice user input into expressions) as the JSON REST's `exprParams` takes.

import QuiverGRPC
import QuiverJSON

enum GRPCTemplateValues {
    static func json(_ values: [String: Milvus_Proto_Schema_TemplateValue]) -> JSONObject {
        var object = JSONObject()
        for key in values.keys.sorted() { object[key] = json(values[key]!) }
        return object
    }

    static func json(_ value: Milvus_Proto_Schema_TemplateValue) -> JSONValue {
        switch value.val {
        case .boolVal(let flag)?: .bool(flag)
        case .int64Val(let number)?: .int(number)
        case .floatVal(let number)?: .double(number)
        case .stringVal(let text)?: .string(text)
        case .arrayVal(let array)?: json(array)
        default: .null
        }
    }

    static func json(_ array: Milvus_Proto_Schema_TemplateArrayValue) -> JSONValue {
        switch array.data {
        case .boolData(let values)?: .array(values.data.map(JSONValue.bool))
        case .longData(let values)?: .array(values.data.map(JSONValue.int))
        case .doubleData(let values)?: .array(values.data.map(JSONValue.double))
        case .stringData(let values)?: .array(values.data.map(JSONValue.string))
        case .arrayData(let values)?: .array(values.data.map(json))
        case .jsonData(let values)?:
            .array(values.data.map { (try? JSONParser.parse([UInt8]($0), maxDepth: JSONParser.storedDocumentMaxDepth)) ?? .null })
        default: .array([])
        }
    }
}
