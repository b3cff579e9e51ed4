// CollectionDescription: the `data` of collections/describe, in Milvus's shape. Field ids are
// 100 + position (as Milvus numbers them); type parameters are strings in `params`.

import Quiver
import QuiverJSON
import QuiverMilvus

enum CollectionDescription {
    static func describe(_ collection: Quiver.Collection, aliases: [String]) async -> JSONObject {
        let schema = collection.schema
        let keyField = schema.primaryKeyField
        var data = JSONObject()
        data["collectionName"] = .string(collection.name)
        data["collectionID"] = .int(collection.writer.collectionID)
        data["description"] = .string(schema.description)
        data["autoId"] = .bool(keyField.autoID)
        data["fields"] = .array(schema.fields.enumerated().map { position, field in .object(describe(field, id: 100 + position)) })
        data["indexes"] = .array(await collection.indexes().map { index in
            .object(["indexName": .string(index.indexName), "fieldName": .string(index.fieldName),
                     "metricType": .string(index.spec.metric.rawValue)])
        })
        data["aliases"] = .array(aliases.sorted().map(JSONValue.string))
        data["load"] = .string(collection.isLoaded ? "LoadStateLoaded" : "LoadStateNotLoad")
        data["shardsNum"] = .int(1)
        data["partitionsNum"] = .int(Int64(await collection.listPartitions().count))
        data["consistencyLevel"] = .string("Strong")
        data["enableDynamicField"] = .bool(schema.enableDynamicField)
        data["properties"] = .array([])
        return data
    }

    static func describe(_ field: FieldSchema, id: Int) -> JSONObject {
        var object = JSONObject()
        object["name"] = .string(field.name)
        object["id"] = .int(Int64(id))
        object["type"] = .string(field.dataType.rawValue)
        object["primaryKey"] = .bool(field.isPrimaryKey)
        object["partitionKey"] = .bool(field.isPartitionKey)
        object["autoId"] = .bool(field.autoID)
        object["description"] = .string(field.description)
        var params: [JSONValue] = []
        func param(_ key: String, _ value: String) {
            params.append(.object(["key": .string(key), "value": .string(value)]))
        }
        if let dimension = field.dimension { param("dim", String(dimension)) }
        if let maxLength = field.maxLength { param("max_length", String(maxLength)) }
        if let capacity = field.maxCapacity { param("max_capacity", String(capacity)) }
        if field.dataType.isVector { param("metric_type", field.effectiveMetric.rawValue) }
        object["params"] = .array(params)
        if let element = field.elementType { object["elementType"] = .string(element.rawValue) }
        object["nullable"] = .bool(field.nullable)
        if let value = field.defaultValue { object["defaultValue"] = RowCodec.json(of: value, int64AsString: false) }
        return object
    }
}
