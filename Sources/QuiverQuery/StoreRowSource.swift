// StoreRowSource: serves one store's rows to the filter evaluator, converting stored values to
// the filter's value model. JSON text (JSON fields and the dynamic field) is decoded once per
// row and field the evaluator asks for, and cached for the rest of this evaluation.

import Foundation
import QuiverFilter
import QuiverStorage

final class StoreRowSource: FilterRowSource {
    let snapshot: StoreSnapshot
    let keyField: String
    private var decodedJSON: [String: [Int: FilterValue]] = [:]

    init(_ snapshot: StoreSnapshot) {
        self.snapshot = snapshot
        self.keyField = snapshot.store.schema.primaryKeyField.name
    }

    var rowCount: Int { snapshot.rowCount }

    func value(of field: String, row: Int) -> FilterValue {
        if field == keyField {
            switch snapshot.store.keys[row] {
            case .int(let value): return .int(value)
            case .string(let value): return .string(value)
            }
        }
        guard let column = snapshot.store.scalars[field] else { return .null }
        let stored = column[row]
        if case .json(let text) = stored {
            if let cached = decodedJSON[field]?[row] { return cached }
            let decoded = FilterValueConversion.decodeJSON(text)
            decodedJSON[field, default: [:]][row] = decoded
            return decoded
        }
        return FilterValueConversion.filterValue(of: stored)
    }
}

enum FilterValueConversion {
    static func filterValue(of value: FieldValue) -> FilterValue {
        switch value {
        case .null: .null
        case .bool(let b): .bool(b)
        case .int(let n): .int(n)
        case .float(let f): .double(Double(f))
        case .double(let d): .double(d)
        case .string(let s): .string(s)
        case .json(let text): decodeJSON(text)
        case .array(let values): .array(values.map(filterValue(of:)))
        case .floatVector, .binaryVector: .null
        }
    }

    static func decodeJSON(_ text: String) -> FilterValue {
        (try? JSONDecoder().decode(DecodedJSON.self, from: Data(text.utf8)))?.value ?? .null
    }
}

/// A JSON value decoded straight into the filter's value model (bool before number, integer
/// before double, so `true`, `1` and `1.5` keep their kinds).
private struct DecodedJSON: Decodable {
    let value: FilterValue

    init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: AnyKey.self) {
            var object: [String: FilterValue] = [:]
            for key in container.allKeys { object[key.stringValue] = try container.decode(DecodedJSON.self, forKey: key).value }
            value = .object(object)
            return
        }
        if var container = try? decoder.unkeyedContainer() {
            var array: [FilterValue] = []
            while !container.isAtEnd { array.append(try container.decode(DecodedJSON.self).value) }
            value = .array(array)
            return
        }
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = .null
        } else if let bool = try? container.decode(Bool.self) {
            value = .bool(bool)
        } else if let int = try? container.decode(Int64.self) {
            value = .int(int)
        } else if let double = try? container.decode(Double.self) {
            value = .double(double)
        } else {
            value = .string(try container.decode(String.self))
        }
    }

    private struct AnyKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
