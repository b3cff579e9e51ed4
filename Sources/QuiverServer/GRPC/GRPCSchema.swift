// GRPCSchema: Milvus's protobuf CollectionSchema and Quiver's schema. In: the protobuf schema
// becomes the REST collections/create schema body (so one reader, CollectionCreateRequest, checks
// it for both doors): type_params become elementTypeParams, default_value becomes defaultValue,
// autoID on the schema or on the key field sets autoID. Out: DescribeCollection's schema, field
// ids 100 + position as Milvus numbers them, type params as strings, no `$meta` field.

import Quiver
import QuiverGRPC
import QuiverJSON
import QuiverMilvus

typealias ProtoCollectionSchema = Milvus_Proto_Schema_CollectionSchema
typealias ProtoFieldSchema = Milvus_Proto_Schema_FieldSchema

enum GRPCSchema {
    /// The REST schema body of a protobuf schema.
    static func body(of schema: ProtoCollectionSchema) throws(APIError) -> JSONObject {
        guard schema.functions.isEmpty else { throw APIError.unsupported("schema functions (BM25 and embedding functions)") }
        guard schema.structArrayFields.isEmpty else { throw APIError.unsupported("struct array fields") }
        var fields: [JSONValue] = []
        for field in schema.fields where !field.isDynamic {
            var object: JSONObject = ["fieldName": .string(field.name),
                                      "dataType": .string(GRPCDataType.name(of: field.dataType) ?? "")]
            if field.isPrimaryKey { object["isPrimary"] = .bool(true) }
            if field.isPartitionKey { object["isPartitionKey"] = .bool(true) }
            if field.nullable { object["nullable"] = .bool(true) }
            if !field.description_p.isEmpty { object["description"] = .string(field.description_p) }
            if field.elementType != .none { object["elementDataType"] = .string(GRPCDataType.name(of: field.elementType) ?? "") }
            var params = JSONObject()
            for pair in field.typeParams { params[pair.key] = .string(pair.value) }
            if !params.isEmpty { object["elementTypeParams"] = .object(params) }
            if field.hasDefaultValue, let value = defaultValue(field.defaultValue) { object["defaultValue"] = value }
            fields.append(.object(object))
        }
        let autoID = schema.autoID || schema.fields.contains { $0.isPrimaryKey && $0.autoID }
        var body: JSONObject = ["autoID": .bool(autoID), "enableDynamicField": .bool(schema.enableDynamicField),
                                "fields": .array(fields)]
        if !schema.description_p.isEmpty { body["description"] = .string(schema.description_p) }
        return body
    }

    /// A protobuf default value as JSON.
    static func defaultValue(_ value: Milvus_Proto_Schema_ValueField) -> JSONValue? {
        switch value.data {
        case .boolData(let flag)?: .bool(flag)
        case .intData(let number)?: .int(Int64(number))
        case .longData(let number)?: .int(number)
        case .floatData(let number)?: .float(number)
        case .doubleData(let number)?: .double(number)
        case .stringData(let text)?: .string(text)
        default: nil
        }
    }

    /// DescribeCollection's schema of a collection.
    static func proto(of schema: CollectionSchema, name: String) -> ProtoCollectionSchema {
        var proto = ProtoCollectionSchema()
        proto.name = name
        proto.description_p = schema.description
        proto.enableDynamicField = schema.enableDynamicField
        proto.autoID = schema.primaryKeyField.autoID
        proto.fields = schema.fields.enumerated().map { position, field in self.field(field, id: Int64(100 + position)) }
        return proto
    }

    static func field(_ field: FieldSchema, id: Int64) -> ProtoFieldSchema {
        var proto = ProtoFieldSchema()
        proto.fieldID = id
        proto.name = field.name
        proto.isPrimaryKey = field.isPrimaryKey
        proto.autoID = field.autoID
        proto.dataType = GRPCDataType.proto(field.dataType)
        proto.description_p = field.description
        proto.nullable = field.nullable
        proto.isPartitionKey = field.isPartitionKey
        if let element = field.elementType { proto.elementType = GRPCDataType.proto(element) }
        func param(_ key: String, _ value: Int?) {
            guard let value else { return }
            var pair = Milvus_Proto_Common_KeyValuePair()
            pair.key = key
            pair.value = String(value)
            proto.typeParams.append(pair)
        }
        param("dim", field.dimension)
        param("max_length", field.maxLength)
        param("max_capacity", field.maxCapacity)
        if let value = field.defaultValue, let protoValue = self.value(value) { proto.defaultValue = protoValue }
        return proto
    }

    static func value(_ value: FieldValue) -> Milvus_Proto_Schema_ValueField? {
        var proto = Milvus_Proto_Schema_ValueField()
        switch value {
        case .bool(let flag): proto.boolData = flag
        case .int(let number): proto.longData = number
        case .float(let number): proto.floatData = number
        case .double(let number): proto.doubleData = number
        case .string(let text): proto.stringData = text
        default: return nil
        }
        return proto
    }
}
