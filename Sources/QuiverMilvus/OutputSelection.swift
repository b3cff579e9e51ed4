// OutputSelection: which fields a get or search returns. Names in the schema go to the engine
// as they are; other names are dynamic keys (read from `$meta` and picked out), allowed only when
// the collection has the dynamic field (else code 1700 naming the field). `*` means every field
// and every dynamic key.

import Quiver
import QuiverJSON

package struct OutputSelection: Sendable {
    /// Field names to ask the engine for (`$meta` included when any dynamic key is wanted).
    package let engineFields: [String]
    private let dynamicKeys: Set<String>?   // nil: every dynamic key
    private let wantsDynamic: Bool

    package init(_ requested: [String], schema: CollectionSchema) throws(APIError) {
        var engineFields: [String] = []
        var dynamicKeys = Set<String>()
        var everything = false
        for name in requested where !name.isEmpty {
            if name == "*" {
                everything = true
                engineFields += schema.fields.map(\.name)
            } else if schema.field(named: name) != nil {
                engineFields.append(name)
            } else if schema.enableDynamicField {
                dynamicKeys.insert(name)
            } else {
                throw APIError(.fieldNotFound, "output field '\(name.prefix(64))' is not in the schema and the dynamic field is off")
            }
        }
        wantsDynamic = schema.enableDynamicField && (everything || !dynamicKeys.isEmpty)
        if wantsDynamic { engineFields.append(CollectionSchema.dynamicFieldName) }
        var seen = Set<String>()
        self.engineFields = engineFields.filter { seen.insert($0).inserted }
        self.dynamicKeys = everything ? nil : dynamicKeys
    }

    package func admitsDynamicKey(_ key: String) -> Bool {
        guard wantsDynamic else { return false }
        return dynamicKeys?.contains(key) ?? true
    }
}
