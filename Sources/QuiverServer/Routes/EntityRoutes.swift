// entities/*: insert, upsert, delete, get and query here; search in SearchRoute.swift.
// hybrid_search in HybridSearchRoute.swift. Filters are Milvus boolean
// expressions handed to the engine's parser as they are (never spliced into anything else);
// `exprParams` fills their `{name}` placeholders. Writes go to `partitionName` (default
// `_default`); reads are scoped to `partitionNames` (default: all). An unknown partition is 200.

import Quiver
import QuiverJSON
import QuiverMilvus

enum EntityRoutes {
    static let all: [APIRoute] = [
        APIRoute("entities", "insert") { request, state in
            try await write(request, state, upsert: false)
        },
        APIRoute("entities", "upsert") { request, state in
            try await write(request, state, upsert: true)
        },
        APIRoute("entities", "delete", delete),
        APIRoute("entities", "get", get),
        APIRoute("entities", "query", query),
        APIRoute("entities", "search", SearchRoute.handle),
        APIRoute("entities", "hybrid_search", HybridSearchRoute.handle),
    ]

    static func write(_ request: APIRequest, _ state: ServerState, upsert: Bool) async throws -> APIResult {
        let collection = try state.collection(try request.collectionName)
        let partition = try request.partitionName
        let rows = try RowCodec.rows(from: request["data"], schema: collection.schema, limits: request.limits)
        let keys: [PrimaryKey]
        do {
            keys = upsert ? try await collection.upsert(rows, partition: partition)
                          : try await collection.insert(rows, partition: partition)
        } catch let error as QuiverError where error.code == .invalidArgument || error.code == .alreadyExists {
            throw APIError(.insertDataInvalid, error.message)
        } catch let error as QuiverError where error.code == .notFound {
            throw missing(error)
        }
        state.metrics.recordInserted(rowCount: keys.count)
        let ids = JSONValue.array(keys.map { RowCodec.json(of: $0, int64AsString: request.int64AsString) })
        let verb = upsert ? "upsert" : "insert"
        return APIResult(data: .object(["\(verb)Count": .int(Int64(keys.count)), "\(verb)Ids": ids]))
    }

    static func delete(_ request: APIRequest, _ state: ServerState) async throws -> APIResult {
        let collection = try state.collection(try request.collectionName)
        let partition = try request.partitionName
        let keyField = collection.schema.primaryKeyField
        let deleted: Int
        if let filter = try request.filter() {
            deleted = try await partitionScoped {
                try await collection.delete(filter: filter, templateValues: try request.templateValues, partition: partition)
            }
        } else if let ids = request["id"] ?? request["ids"] {
            let keys = try PrimaryKeyList.keys(from: ids, keyField: keyField, parameter: "id", limits: request.limits)
            if keys.isEmpty {
                deleted = 0
            } else if let partition {
                deleted = try await partitionScoped {
                    try await collection.delete(filter: "\(keyField.name) in {ids}",
                                                templateValues: ["ids": .array(keys.map(\.fieldValue))], partition: partition)
                }
            } else {
                deleted = try await collection.delete(ids: keys)
            }
        } else {
            throw APIError.missing("filter")
        }
        state.metrics.recordDeleted(rowCount: deleted)
        return APIResult(data: .object(["deleteCount": .int(Int64(deleted))]))
    }

    static func get(_ request: APIRequest, _ state: ServerState) async throws -> APIResult {
        let collection = try state.collection(try request.collectionName)
        let schema = collection.schema
        guard let ids = request["id"] ?? request["ids"] else { throw APIError.missing("id") }
        let keys = try PrimaryKeyList.keys(from: ids, keyField: schema.primaryKeyField, parameter: "id", limits: request.limits)
        let selection = try OutputSelection(try request.stringArray("outputFields") ?? ["*"], schema: schema)
        let rows: [Row]
        if let partitions = try request.partitionNames {
            rows = try await partitionScoped {
                try await collection.query(filter: "\(schema.primaryKeyField.name) in {ids}", outputFields: selection.engineFields,
                                           templateValues: ["ids": .array(keys.map(\.fieldValue))], partitions: partitions)
            }
        } else {
            rows = try await collection.get(ids: keys, outputFields: selection.engineFields)
        }
        return APIResult(data: .array(rows.map { row in
            .object(RowCodec.json(of: row, schema: schema, selection: selection, int64AsString: request.int64AsString))
        }))
    }

    static func query(_ request: APIRequest, _ state: ServerState) async throws -> APIResult {
        let collection = try state.collection(try request.collectionName)
        let schema = collection.schema
        let filter = try request.filter() ?? ""
        let templateValues = try request.templateValues
        let partitions = try request.partitionNames
        let outputFields = try request.stringArray("outputFields") ?? ["*"]
        if outputFields.contains(where: { $0.lowercased() == "count(*)" }) {
            guard outputFields.count == 1 else { throw APIError.invalid("'count(*)' cannot be combined with other output fields") }
            let count = try await partitionScoped {
                try await collection.count(filter: filter, templateValues: templateValues, partitions: partitions)
            }
            return APIResult(data: .array([.object(["count(*)": .int(Int64(count))])]))
        }
        let (limit, offset) = try request.page()
        let selection = try OutputSelection(outputFields, schema: schema)
        let rows = try await partitionScoped {
            try await collection.query(filter: filter, outputFields: selection.engineFields, limit: limit, offset: offset,
                                       templateValues: templateValues, partitions: partitions)
        }
        return APIResult(data: .array(rows.map { row in
            .object(RowCodec.json(of: row, schema: schema, selection: selection, int64AsString: request.int64AsString))
        }))
    }

    /// A `.notFound` from a call on a resolved collection: the collection itself, dropped under
    /// the call (the engine says "collection ...": code 100), or a partition it names (code 200).
    static func missing(_ error: QuiverError) -> APIError {
        APIError(error.message.hasPrefix("collection ") ? .collectionNotFound : .partitionNotFound, error.message)
    }

    /// Runs a call that names partitions of a resolved collection: `.notFound` then means a
    /// partition (code 200), or the collection if a racing drop took it (code 100).
    static func partitionScoped<Value>(_ body: () async throws -> Value) async throws -> Value {
        do {
            return try await body()
        } catch let error as QuiverError where error.code == .notFound {
            throw missing(error)
        }
    }
}
