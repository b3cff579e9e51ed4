// PrimaryKeyList: ids given by a request (`id: 1 | [1,2] | "s"`) as keys of the collection's
// key type. Int64 keys also come as numeric strings (JavaScript clients); anything else that does
// not fit the key type is code 1806 naming the position.

import Quiver
import QuiverJSON
import QuiverMilvus

enum PrimaryKeyList {
    static func keys(from value: JSONValue, keyField: FieldSchema, parameter: String, limits: RequestLimits) throws(APIError) -> [PrimaryKey] {
        let elements: [JSONValue]
        if case .array(let array) = value { elements = array } else { elements = [value] }
        guard elements.count <= limits.batchRowCount else {
            throw APIError(.parameterTooLarge, "'\(parameter)' holds \(elements.count) ids; at most \(limits.batchRowCount)")
        }
        var keys: [PrimaryKey] = []
        keys.reserveCapacity(elements.count)
        for (position, element) in elements.enumerated() {
            keys.append(try key(element, keyField: keyField, place: "\(parameter)[\(position)]"))
        }
        return keys
    }

    static func key(_ value: JSONValue, keyField: FieldSchema, place: String) throws(APIError) -> PrimaryKey {
        switch (keyField.dataType, value) {
        case (.int64, .int(let number)): return .int(number)
        case (.int64, .string(let text)):
            guard let number = Int64(text) else {
                throw APIError(.primaryKeyTypeInvalid, "\(place) is not an Int64 id; '\(keyField.name)' is Int64")
            }
            return .int(number)
        case (.varChar, .string(let text)): return .string(text)
        default:
            throw APIError(.primaryKeyTypeInvalid, "\(place) is \(value.kindName); '\(keyField.name)' is \(keyField.dataType.rawValue)")
        }
    }
}
