// collections/create in its two modes (API.md):
//   quick:  {collectionName, dimension, metricType?, idType?, autoID?, primaryFieldName?,
//            vectorFieldName?, params?} -> Int64 (or VarChar) key, FloatVector field, dynamic
//            field on, AUTOINDEX with metricType (default COSINE).
//   schema: {collectionName, schema:{autoID, enableDynamicField, fields:[...]}, indexParams?,
//            params:{partitionsNum | num_partitions}?}; a field may be "isPartitionKey": true
//            (Int64 or VarChar, rows routed by hash into partitionsNum hidden partitions, 16 by default).
// Everything is parsed and checked before the collection is created; the collection and its
// indexes are created as one engine step (Database.createCollection(_:schema:configure:)), so
// if an index fails the collection is dropped again and a failed create leaves nothing behind.

import Quiver

enum CollectionCreate {
    static func handle(_ request: APIRequest, _ state: ServerState) async throws -> APIResult {
        let name = try request.collectionName
        let schema: CollectionSchema
        let indexes: [IndexParameters]
        if let schemaBody = try request.object("schema") {
            var parsed = try schemaMode(schemaBody)
            parsed.hashPartitionCount = try partitionCount(request)
            indexes = try (request.array("indexParams") ?? []).enumerated().map { position, value throws(APIError) in
                try IndexParameters(value, position: position, schema: parsed)
            }
            // A vector field without its own metric_type searches with its index's metric.
            for index in indexes {
                if let position = parsed.fields.firstIndex(where: { $0.name == index.fieldName }), parsed.fields[position].metric == nil {
                    parsed.fields[position].metric = index.spec.metric
                }
            }
            schema = parsed
        } else {
            (schema, indexes) = try quickMode(request)
        }
        do {
            // One step for the engine: the indexes are created before any other create or drop
            // of this name can run, and a failed index takes the collection back with it.
            _ = try await state.database.createCollection(name, schema: schema) { collection in
                for index in indexes { try await index.create(on: collection) }
            }
        } catch let error as QuiverError {
            throw error.apiError(invalidArgument: .illegalSchema)
        }
        return .empty
    }

    static func quickMode(_ request: APIRequest) throws(APIError) -> (CollectionSchema, [IndexParameters]) {
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

    static func schemaMode(_ body: JSONObject) throws(APIError) -> CollectionSchema {
        let request = APIRequest(body: body)
        let autoID = try request.bool(anyOf: "autoID", "autoId") ?? false
        let enableDynamic = try request.bool("enableDynamicField") ?? false
        guard let fieldValues = try request.array("fields"), !fieldValues.isEmpty else { throw .missing("schema.fields") }
        var fields: [FieldSchema] = []
        for (position, value) in fieldValues.enumerated() {
            guard case .object(let fieldBody) = value else { throw .invalid("schema.fields[\(position)] must be an object") }
            fields.append(try field(APIRequest(body: fieldBody), autoID: autoID))
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

    static let laterTypes: Set<String> = ["Float16Vector", "BFloat16Vector", "SparseFloatVector", "Int8Vector"]

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
