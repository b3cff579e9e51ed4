// SchemaJSON: a collection schema file in the Milvus REST v2 form (collections/create, schema
// mode; see docs of `quiver create --schema`):
//   {"autoID": false, "enableDynamicField": true, "description": "...",
//    "fields": [{"fieldName": "id", "dataType": "Int64", "isPrimary": true},
//               {"fieldName": "embedding", "dataType": "FloatVector", "elementTypeParams": {"dim": 8}},
//               {"fieldName": "tags", "dataType": "Array", "elementDataType": "VarChar",
//                "elementTypeParams": {"max_capacity": "16", "max_length": 32}, "nullable": true}]}
// A file holding {"schema": {...}} (a whole collections/create body) is accepted too.
// Partition key: a field with "isPartitionKey": true (Int64 or VarChar) routes rows by hash into
// "partitionsNum" hidden partitions (default 16), given at the top level or, in the wrapped form,
// in "params" as Milvus takes it ("partitionsNum" or "num_partitions").
// Element params may be numbers or strings of digits; "metric_type" sets a vector field's metric.
// Type names are matched case-insensitively. Unknown keys are errors, so a typo never passes
// silently. Every error names the field (or the key) at fault; the library's
// CollectionSchema.validate() then checks limits when the collection is created.

import Foundation
import Quiver

enum SchemaJSON {
    static let topLevelKeys: Set<String> = ["autoID", "autoId", "enableDynamicField", "description", "fields",
                                            "partitionsNum", "num_partitions"]
    static let fieldKeys: Set<String> = ["fieldName", "dataType", "elementDataType", "isPrimary", "isPrimaryKey",
                                         "isPartitionKey", "isClusteringKey", "nullable", "defaultValue",
                                         "elementTypeParams", "description"]
    static let elementParamKeys: Set<String> = ["dim", "max_length", "max_capacity", "metric_type"]
    static let laterTypes: Set<String> = ["float16vector", "bfloat16vector", "sparsefloatvector", "int8vector"]

    /// Reads and parses the schema file at `path`.
    static func read(atPath path: String) throws(QuiverError) -> CollectionSchema {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw QuiverError(.invalidArgument, "schema file '\(path)' cannot be read")
        }
        do {
            return try parse(JSONInputParser.parse(data))
        } catch {
            throw QuiverError(.invalidArgument, "schema file '\(path)': \(error.message)")
        }
    }

    static func parse(_ document: JSONInput) throws(QuiverError) -> CollectionSchema {
        var body = document
        var partitionCountValue = document["partitionsNum"] ?? document["num_partitions"]
        if let wrapped = document["schema"], document["fields"] == nil {
            body = wrapped
            partitionCountValue = wrapped["partitionsNum"] ?? wrapped["num_partitions"]
                ?? document["params"]?["partitionsNum"] ?? document["params"]?["num_partitions"]
        }
        guard case .object(let pairs) = body else {
            throw QuiverError(.invalidArgument, "expected a JSON object, got \(body.kindName)")
        }
        try rejectUnknownKeys(pairs, allowed: topLevelKeys, in: "the schema")
        let autoID = try bool(body["autoID"] ?? body["autoId"], key: "autoID") ?? false
        let enableDynamicField = try bool(body["enableDynamicField"], key: "enableDynamicField") ?? false
        let description = try string(body["description"], key: "description") ?? ""
        guard case .array(let fieldValues)? = body["fields"], !fieldValues.isEmpty else {
            throw QuiverError(.invalidArgument, "'fields' must be a non-empty array of field objects")
        }
        var fields: [FieldSchema] = []
        for (position, value) in fieldValues.enumerated() {
            fields.append(try field(value, position: position, autoID: autoID))
        }
        if autoID, !fields.contains(where: \.isPrimaryKey) {
            throw QuiverError(.invalidArgument, "autoID is true but no field has \"isPrimary\": true")
        }
        return CollectionSchema(fields: fields, enableDynamicField: enableDynamicField, description: description,
                                hashPartitionCount: try integerParameter(partitionCountValue, key: "partitionsNum", in: "the schema"))
    }

    private static func field(_ value: JSONInput, position: Int, autoID: Bool) throws(QuiverError) -> FieldSchema {
        guard case .object(let pairs) = value else {
            throw QuiverError(.invalidArgument, "fields[\(position)] must be an object, got \(value.kindName)")
        }
        guard case .string(let name)? = value["fieldName"], !name.isEmpty else {
            throw QuiverError(.invalidArgument, "fields[\(position)] has no \"fieldName\" string")
        }
        let label = "field '\(name.prefix(64))'"
        try rejectUnknownKeys(pairs, allowed: fieldKeys, in: label)
        guard case .string(let typeName)? = value["dataType"] else {
            throw QuiverError(.invalidArgument, "\(label) has no \"dataType\" string")
        }
        let dataType = try dataType(named: typeName, in: label)
        let isPrimary = try bool(value["isPrimary"] ?? value["isPrimaryKey"], key: "\(label) isPrimary") ?? false
        var elementType: DataType?
        if let elementName = try string(value["elementDataType"], key: "\(label) elementDataType"), !elementName.isEmpty {
            elementType = try self.dataType(named: elementName, in: "\(label) elementDataType")
        }
        var field = FieldSchema(name: name, dataType: dataType, isPrimaryKey: isPrimary, autoID: isPrimary && autoID,
                                elementType: elementType,
                                nullable: try bool(value["nullable"], key: "\(label) nullable") ?? false,
                                description: try string(value["description"], key: "\(label) description") ?? "",
                                isPartitionKey: try bool(value["isPartitionKey"], key: "\(label) isPartitionKey") ?? false)
        if let params = value["elementTypeParams"] {
            guard case .object(let paramPairs) = params else {
                throw QuiverError(.invalidArgument, "\(label): elementTypeParams must be an object, got \(params.kindName)")
            }
            try rejectUnknownKeys(paramPairs, allowed: elementParamKeys, in: "\(label) elementTypeParams")
            field.dimension = try integerParameter(params["dim"], key: "dim", in: label)
            field.maxLength = try integerParameter(params["max_length"], key: "max_length", in: label)
            field.maxCapacity = try integerParameter(params["max_capacity"], key: "max_capacity", in: label)
            if let metricValue = params["metric_type"] {
                guard case .string(let metricName) = metricValue, let metric = Metric(name: metricName) else {
                    throw QuiverError(.invalidArgument, "\(label): metric_type must be one of \(Metric.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                field.metric = metric
            }
        }
        if let defaultJSON = value["defaultValue"], defaultJSON != .null {
            do {
                field.defaultValue = try RowJSON.fieldValue(defaultJSON, for: field)
            } catch {
                throw QuiverError(.invalidArgument, "defaultValue of \(error.message)")
            }
        }
        return field
    }

    private static func dataType(named name: String, in label: String) throws(QuiverError) -> DataType {
        if let known = DataType(name: name) { return known }
        let folded = name.lowercased().replacingOccurrences(of: "_", with: "")
        if laterTypes.contains(folded) {
            throw QuiverError(.invalidArgument, "\(label): data type '\(name)' is not supported yet")
        }
        throw QuiverError(.invalidArgument, "\(label): unknown data type '\(name.prefix(64))'; allowed: \(DataType.allCases.map(\.rawValue).joined(separator: ", "))")
    }

    /// A non-negative integer given as a JSON integer or a string of digits ("128").
    private static func integerParameter(_ value: JSONInput?, key: String, in label: String) throws(QuiverError) -> Int? {
        switch value {
        case nil, .null?: return nil
        case .integer(let number)?: if let exact = Int(exactly: number), exact >= 0 { return exact }
        case .string(let text)?: if let number = Int(text.trimmingCharacters(in: .whitespaces)), number >= 0 { return number }
        default: break
        }
        throw QuiverError(.invalidArgument, "\(label): \(key) must be a non-negative integer (a number or a string of digits)")
    }

    private static func rejectUnknownKeys(_ pairs: [(key: String, value: JSONInput)], allowed: Set<String>,
                                          in label: String) throws(QuiverError) {
        if let unknown = pairs.first(where: { !allowed.contains($0.key) }) {
            throw QuiverError(.invalidArgument, "\(label): unknown key '\(unknown.key.prefix(64))'; allowed: \(allowed.sorted().joined(separator: ", "))")
        }
    }

    private static func bool(_ value: JSONInput?, key: String) throws(QuiverError) -> Bool? {
        switch value {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        default: throw QuiverError(.invalidArgument, "\(key) must be true or false, got \(value!.kindName)")
        }
    }

    private static func string(_ value: JSONInput?, key: String) throws(QuiverError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw QuiverError(.invalidArgument, "\(key) must be a string, got \(value!.kindName)")
        }
    }
}
