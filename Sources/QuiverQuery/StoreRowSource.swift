// StoreRowSource: serves one store's rows to the filter evaluator, converting stored values to
// the filter's value model. JSON text (JSON fields and the dynamic field) is decoded once per
// row and field the evaluator asks for, and cached for the rest of this evaluation.

import QuiverFilter
import QuiverJSON
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

    /// Stored JSON text in the filter's value model; text that does not parse (never written by
    /// the engine, which validates JSON on the way in) reads as null.
    static func decodeJSON(_ text: String) -> FilterValue {
        guard let json = try? JSONParser.parse(text, maxDepth: JSONParser.storedDocumentMaxDepth) else { return .null }
        return filterValue(of: json)
    }

    /// A JSON value in the filter's model: integers stay integers, other numbers are doubles.
    static func filterValue(of json: JSONValue) -> FilterValue {
        switch json {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .int(let number): .int(number)
        case .double(let number): .double(number)
        case .float(let number): .double(Double(number))
        case .string(let text): .string(text)
        case .array(let elements): .array(elements.map(filterValue(of:)))
        case .object(let object):
            .object(Dictionary(object.members.map { ($0, filterValue(of: $1)) }, uniquingKeysWith: { _, last in last }))
        }
    }
}
