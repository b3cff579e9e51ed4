// FilterSchema: what the type checker knows about a collection: field types, the primary
// key and whether the dynamic field ($meta) is on. Built by the storage layer from its schema.
// Invariants: none enforced here; a primary key (or partition key) missing from `fields` only
// disables Filter.primaryKeyValues (partitionKeyValues). The dynamic field is never in `fields`.
// Ownership: an immutable value type.

package indirect enum FilterFieldType: Sendable, Equatable, CustomStringConvertible {
    case bool, int8, int16, int32, int64, float, double, varChar, json
    case array(FilterFieldType)
    case floatVector, binaryVector

    /// Milvus's name for the type, as used in error messages ("Int64", "Array(VarChar)").
    package var description: String {
        switch self {
        case .bool: "Bool"
        case .int8: "Int8"
        case .int16: "Int16"
        case .int32: "Int32"
        case .int64: "Int64"
        case .float: "Float"
        case .double: "Double"
        case .varChar: "VarChar"
        case .json: "JSON"
        case .array(let element): "Array(\(element))"
        case .floatVector: "FloatVector"
        case .binaryVector: "BinaryVector"
        }
    }

    var isVector: Bool { self == .floatVector || self == .binaryVector }
}

package struct FilterSchema: Sendable {
    /// The name under which a row source serves the dynamic field.
    package static let dynamicFieldName = "$meta"

    package let fields: [String: FilterFieldType]
    package let primaryKey: String
    package let dynamicFieldEnabled: Bool
    /// Fields that may hold null. Evaluation treats any .null as null regardless; this is kept
    /// for callers and future planning.
    package let nullableFields: Set<String>
    /// The field rows are routed to partitions by, if any (see Filter.partitionKeyValues).
    package let partitionKey: String?

    package init(fields: [String: FilterFieldType], primaryKey: String, dynamicFieldEnabled: Bool,
                nullableFields: Set<String> = [], partitionKey: String? = nil) {
        self.fields = fields
        self.primaryKey = primaryKey
        self.dynamicFieldEnabled = dynamicFieldEnabled
        self.nullableFields = nullableFields
        self.partitionKey = partitionKey
    }
}
