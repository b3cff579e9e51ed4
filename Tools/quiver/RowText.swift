// RowText: a stored row as one JSON object for `quiver query`: the primary key first, then the
// schema's fields in schema order, then the dynamic field's keys flattened into the row (as the
// Milvus REST API returns them). Vectors print as arrays, JSON fields as embedded JSON, nulls as
// null. A dynamic key never replaces a schema field of the same name.

import Quiver

struct RowText {
    let schema: CollectionSchema
    /// Dynamic keys to print; nil prints every key the row's dynamic field holds.
    let dynamicKeys: Set<String>?

    func line(for row: Row) -> String {
        var pairs: [(key: String, value: String)] = []
        let key = schema.primaryKeyField
        if let value = row[key.name] { pairs.append((key.name, JSONText.value(value))) }
        for field in schema.fields where !field.isPrimaryKey {
            if let value = row[field.name] { pairs.append((field.name, JSONText.value(value))) }
        }
        if case .json(let text)? = row[CollectionSchema.dynamicFieldName],
           case .object(let dynamicPairs)? = try? JSONInputParser.parse(Array(text.utf8)) {
            for (name, value) in dynamicPairs where schema.field(named: name) == nil {
                if let dynamicKeys, !dynamicKeys.contains(name) { continue }
                pairs.append((name, value.text))
            }
        }
        return JSONText.object(pairs)
    }
}

/// --output-fields for query: schema fields and "*" go to the library; with the dynamic field
/// on, other names are dynamic keys, read through "$meta" and printed alone.
struct OutputFieldSelection {
    let libraryFields: [String]?
    let dynamicKeys: Set<String>?

    init(_ list: String?, schema: CollectionSchema) {
        guard let list else {
            libraryFields = nil
            dynamicKeys = nil
            return
        }
        let names = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let dynamic = CollectionSchema.dynamicFieldName
        let isDynamicKey = { (name: String) in
            schema.enableDynamicField && name != "*" && name != dynamic && schema.field(named: name) == nil
        }
        var fields = names.filter { !isDynamicKey($0) }
        let keys = Set(names.filter(isDynamicKey))
        let wantsWholeDynamicField = names.contains("*") || names.contains(dynamic)
        if !keys.isEmpty && !wantsWholeDynamicField { fields.append(dynamic) }
        libraryFields = fields
        dynamicKeys = wantsWholeDynamicField || !schema.enableDynamicField ? nil : keys
    }
}
