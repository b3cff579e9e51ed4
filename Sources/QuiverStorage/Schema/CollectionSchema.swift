// CollectionSchema: the fields of a collection and whether it keeps a dynamic field.
// Invariants (checked by `validate()` before a collection is created): exactly one primary key,
// Int64 or VarChar; at least one vector field; names unique and well formed; every limit of
// SchemaLimits respected; defaults match their field's type; at most one partition-key field,
// and `hashPartitionCount` set only together with one.

import Foundation
import QuiverKernels

public struct CollectionSchema: Sendable, Hashable, Codable {
    public var fields: [FieldSchema]
    /// Keys of a row that are not fields are kept in the dynamic field `$meta` (a JSON object).
    public var enableDynamicField: Bool
    public var description: String
    /// With a partition-key field: how many hidden partitions its hash spreads rows over
    /// (Milvus's num_partitions / partitionsNum); nil means `defaultHashPartitionCount`.
    /// Fixed at creation: routing depends on it.
    public var hashPartitionCount: Int?

    public static let dynamicFieldName = "$meta"
    /// Milvus's default num_partitions for a partition-key collection.
    public static let defaultHashPartitionCount = 16

    public init(fields: [FieldSchema], enableDynamicField: Bool = false, description: String = "",
                hashPartitionCount: Int? = nil) {
        self.fields = fields
        self.enableDynamicField = enableDynamicField
        self.description = description
        self.hashPartitionCount = hashPartitionCount
    }

    /// The quick form: an Int64 key `id` and one float vector `vector`.
    public static func simple(dimension: Int, metric: Metric = .l2, autoID: Bool = false,
                              primaryKeyType: DataType = .int64, maxKeyLength: Int = 64) -> CollectionSchema {
        let key: FieldSchema = primaryKeyType == .varChar
            ? .varCharPrimaryKey("id", maxLength: maxKeyLength)
            : .int64PrimaryKey("id", autoID: autoID)
        return CollectionSchema(fields: [key, .floatVector("vector", dimension: dimension, metric: metric)])
    }

    public var primaryKeyField: FieldSchema {
        guard let field = fields.first(where: \.isPrimaryKey) else {
            preconditionFailure("schema without a primary key escaped validation")
        }
        return field
    }

    public var vectorFields: [FieldSchema] { fields.filter { $0.dataType.isVector } }

    /// The field rows are routed by, if the schema has one.
    public var partitionKeyField: FieldSchema? { fields.first(where: \.isPartitionKey) }

    /// Fields stored as scalar columns: everything but the key and the vectors.
    var scalarFields: [FieldSchema] { fields.filter { !$0.isPrimaryKey && !$0.dataType.isVector } }

    public func field(named name: String) -> FieldSchema? { fields.first { $0.name == name } }

    func encodedJSON() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(self), let text = String(data: data, encoding: .utf8) else {
            preconditionFailure("a validated schema always encodes")
        }
        return text
    }

    /// A schema as the catalog stored it, validated again: a damaged catalog row that still
    /// parses (a dimension of 0, a duplicate field) is corruption, never a trap later on.
    static func decode(json: String) throws(QuiverError) -> CollectionSchema {
        let schema: CollectionSchema
        do {
            schema = try JSONDecoder().decode(CollectionSchema.self, from: Data(json.utf8))
        } catch {
            throw QuiverError(.corruption, "catalog holds a schema that does not decode: \(error)")
        }
        do {
            try schema.validate()
        } catch {
            throw QuiverError(.corruption, "catalog holds a schema that is not valid: \(error.message)")
        }
        return schema
    }
}
