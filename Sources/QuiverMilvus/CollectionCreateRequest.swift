// CollectionCreateRequest: a Milvus collections/create body read into a schema and its indexes,
// for every door that creates collections (REST collections/create, `quiver create --schema`,
// and next gRPC CreateCollection). Two modes, as Milvus has them:
//   quick:  {dimension, metricType?, idType?, autoID?, primaryFieldName?, vectorFieldName?,
//            params?} -> Int64 (or VarChar) key, FloatVector field, dynamic field on,
//            AUTOINDEX with metricType (default COSINE).
//   schema: {schema:{autoID, enableDynamicField, description?, fields:[...]}, indexParams?,
//            params:{partitionsNum | num_partitions}?}; a field may be "isPartitionKey": true
//            (Int64 or VarChar, rows routed by hash into partitionsNum hidden partitions, 16 by
//            default).
// Worked example (schema mode):
//   {"schema": {"autoID": false, "enableDynamicField": true, "fields": [
//      {"fieldName": "id", "dataType": "Int64", "isPrimary": true},
//      {"fieldName": "embedding", "dataType": "FloatVector", "elementTypeParams": {"dim": "8"}},
//      {"fieldName": "tags", "dataType": "Array", "elementDataType": "VarChar",
//       "elementTypeParams": {"max_capacity": 16, "max_length": 32}, "nullable": true}]},
//    "indexParams": [{"fieldName": "embedding", "metricType": "L2", "indexType": "HNSW",
//                     "params": {"M": 16, "efConstruction": 200}}]}
// Type names are Milvus's, matched exactly as Milvus matches them ("Int64", not "int64"); integer
// parameters are numbers or numeric strings; keys Milvus defines that Quiver does not use are
// ignored, as Milvus ignores them. Every error names the field or parameter at fault; the
// engine's CollectionSchema.validate() checks limits when the collection is created.

import Quiver
import QuiverJSON

package enum CollectionCreateRequest {
    /// The schema and indexes a create body asks for, checked against each other.
    package static func schemaAndIndexes(_ request: APIRequest) throws(APIError) -> (CollectionSchema, [IndexParameters]) {
        guard let schemaBody = try request.object("schema") else { return try quickMode(request) }
        var schema = try schemaMode(schemaBody)
        schema.hashPartitionCount = try partitionCount(request)
        let indexes = try (request.array("indexParams") ?? []).enumerated().map { position, value throws(APIError) in
            try IndexParameters(value, position: position, schema: schema)
        }
        // A vector field without its own metric_type searches with its index's metric.
        for index in indexes {
            if let position = schema.fields.firstIndex(where: { $0.name == index.fieldName }), schema.fields[position].metric == nil {
                schema.fields[position].metric = index.spec.metric
            }
        }
        return (schema, indexes)
    }

    /// Quick mode: `dimension` and friends (see the file header).
    package static func quickMode(_ request: APIRequest) throws(APIError) -> (CollectionSchema, [IndexParameters]) {
        guard let dimension = try request.int("dimension") else {
            throw .invalid("'dimension' is required when no 'schema' is given")
        }
        let metric: Metric
        if let metricName = try request.string("metricType"), !metricName.isEmpty {
            guard let known = Metric(name: metricName), !known.isForBinaryVectors else {
                throw .invalid("metricType '\(metricName.prefix(64))'; allowed: L2, IP, COSINE")
            }
            metric = known
        } else {
            metric = .cosine
        }
        let keyName = try request.optionalName("primaryFieldName") ?? "id"
        let vectorName = try request.optionalName("vectorFieldName") ?? "vector"
        let autoID = try request.bool(anyOf: "autoID", "autoId") ?? false
        let key: FieldSchema
        switch try request.string("idType") ?? "Int64" {
        case "Int64", "int64", "":
            key = .int64PrimaryKey(keyName, autoID: autoID)
        case "VarChar", "varchar", "Varchar":
            guard !autoID else { throw .invalid("autoID is allowed only with idType Int64") }
            let params = try request.object("params") ?? JSONObject()
            let maxLength = try params["max_length"].map { value throws(APIError) in
                try APIRequest.integer(value, parameter: "params.max_length")
            } ?? SchemaLimits.varCharMaxLength.upperBound
            key = .varCharPrimaryKey(keyName, maxLength: maxLength)
        case let other:
            throw .invalid("idType '\(other.prefix(64))'; allowed: Int64, VarChar")
        }
        if let count = try partitionCount(request) {
            throw .invalid("params.partitionsNum \(count) needs a partition key field (schema.fields[].isPartitionKey); a collection created from 'dimension' has none")
        }
        let vector = FieldSchema.floatVector(vectorName, dimension: dimension, metric: metric)
        let schema = CollectionSchema(fields: [key, vector], enableDynamicField: true)
        let index = try IndexParameters(.object(["fieldName": .string(vectorName), "metricType": .string(metric.rawValue),
                                                 "indexType": .string("AUTOINDEX")]),
                                        position: 0, schema: schema)
        return (schema, [index])
    }

    /// Schema mode: the `schema` object.
    package static func schemaMode(_ body: JSONObject) throws(APIError) -> CollectionSchema {
        let request = APIRequest(body: body)
        let autoID = try request.bool(anyOf: "autoID", "autoId") ?? false
        let enableDynamic = try request.bool("enableDynamicField") ?? false
        guard let fieldValues = try request.array("fields"), !fieldValues.isEmpty else { throw .missing("schema.fields") }
        var fields: [FieldSchema] = []
        for (position, value) in fieldValues.enumerated() {
            guard case .object(let fieldBody) = value else { throw .invalid("schema.fields[\(position)] must be an object") }
            fields.append(try field(APIRequest(body: fieldBody), autoID: autoID))
        }
        if autoID, !fields.contains(where: \.isPrimaryKey) {
            throw .invalid("schema.autoID is true but no field has \"isPrimary\": true")
        }
        return CollectionSchema(fields: fields, enableDynamicField: enableDynamic,
                                description: try request.string("description") ?? "")
    }

    /// `params.partitionsNum` (or Milvus's `num_partitions`): hidden partitions of a partition-key collection.
    static func partitionCount(_ request: APIRequest) throws(APIError) -> Int? {
        guard let params = try request.object("params") else { return nil }
        for key in ["partitionsNum", "num_partitions"] {
            if let value = params[key] { return try APIRequest.integer(value, parameter: "params.\(key)") }
        }
        return nil
    }

    /// Milvus types Quiver does not store yet.
    static let laterTypes: Set<String> = ["Float16Vector", "BFloat16Vector", "SparseFloatVector", "Int8Vector"]

    /// One element of `schema.fields`; `autoID` is the schema's flag (it applies to the key).
    static func field(_ request: APIRequest, autoID: Bool) throws(APIError) -> FieldSchema {
        let name = try request.name("fieldName")
        let typeName = try request.requiredString("dataType")
        guard let dataType = DataType(rawValue: typeName) else {
            if laterTypes.contains(typeName) { throw .unsupported("data type \(typeName) (field '\(name)')") }
            throw .invalid("field '\(name)': dataType '\(typeName.prefix(64))'; allowed: \(DataType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let isPrimary = try request.bool(anyOf: "isPrimary", "isPrimaryKey") ?? false
        let params = try request.object("elementTypeParams") ?? JSONObject()
        func param(_ key: String) throws(APIError) -> Int? {
            try params[key].map { value throws(APIError) in try APIRequest.integer(value, parameter: "field '\(name)' \(key)") }
        }
        var elementType: DataType?
        if let elementName = try request.string("elementDataType"), !elementName.isEmpty {
            guard let known = DataType(rawValue: elementName) else {
                throw .invalid("field '\(name)': elementDataType '\(elementName.prefix(64))' is not a known type")
            }
            elementType = known
        }
        var field = FieldSchema(name: name, dataType: dataType, isPrimaryKey: isPrimary,
                                autoID: isPrimary && autoID, dimension: try param("dim"), maxLength: try param("max_length"),
                                elementType: elementType, maxCapacity: try param("max_capacity"),
                                nullable: try request.bool("nullable") ?? false, description: try request.string("description") ?? "",
                                isPartitionKey: try request.bool("isPartitionKey") ?? false)
        if dataType.isVector, let metricName = params["metric_type"]?.stringValue {
            guard let metric = Metric(name: metricName) else { throw .invalid("field '\(name)': metric_type '\(metricName.prefix(64))'") }
            field.metric = metric
        }
        if let value = request["defaultValue"] {
            field.defaultValue = try RowCodec.fieldValue(value, for: field, row: nil)
        }
        return field
    }
}
