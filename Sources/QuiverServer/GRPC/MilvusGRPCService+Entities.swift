// Writes and reads of rows over gRPC. Insert and Upsert turn their columns into REST rows
// (GRPCColumns) and run entities/insert|upsert; Delete runs entities/delete with its `expr`
// (pymilvus sends deletes by id as `id in [..]`); Query runs entities/query and answers columns.
// Query without `limit` returns every matching row up to the top-k cap (Milvus's meaning; REST
// defaults to 100). Iterator pages (`iterator: True`) come back ordered by primary key, as
// pymilvus's query_iterator needs: the matching rows are read up to the cap, sorted, then paged.
// Flush is synchronous in Quiver, so GetFlushState is always flushed.

import Foundation
import GRPCCore
import Quiver
import QuiverGRPC
import QuiverJSON
import QuiverMilvus

extension MilvusGRPCService {
    func insert(request: Milvus_Proto_Milvus_InsertRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_MutationResult {
        await answer {
            try await write(request.collectionName, partition: request.partitionName, dbName: request.dbName,
                            columns: request.fieldsData, rowCount: Int(request.numRows), upsert: false)
        }
    }

    func upsert(request: Milvus_Proto_Milvus_UpsertRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_MutationResult {
        await answer {
            try await write(request.collectionName, partition: request.partitionName, dbName: request.dbName,
                            columns: request.fieldsData, rowCount: Int(request.numRows), upsert: true)
        }
    }

    func write(_ collectionName: String, partition: String, dbName: String, columns: [FieldData], rowCount: Int,
               upsert: Bool) async throws -> Milvus_Proto_Milvus_MutationResult {
        try MilvusDatabase.check(dbName)
        let collection = try state.collection(collectionName)
        guard rowCount <= limits.batchRowCount else {
            throw APIError(.parameterTooLarge, "num_rows is \(rowCount); at most \(limits.batchRowCount) per request")
        }
        let rows = try GRPCColumns.rows(from: columns, rowCount: rowCount, schema: collection.schema)
        var body: JSONObject = ["collectionName": .string(collectionName), "data": .array(rows)]
        if !partition.isEmpty { body["partitionName"] = .string(partition) }
        let verb = upsert ? "upsert" : "insert"
        let data = try await rest("entities", verb, body).data.objectValue ?? JSONObject()
        var reply = Milvus_Proto_Milvus_MutationResult()
        reply.status = .success
        let ids = data["\(verb)Ids"]?.arrayValue ?? []
        reply.ids = Self.ids(ids)
        if upsert { reply.upsertCnt = Int64(ids.count) } else { reply.insertCnt = Int64(ids.count) }
        reply.succIndex = (0 ..< UInt32(ids.count)).map { $0 }
        reply.timestamp = MilvusTimestamp.now
        return reply
    }

    /// Primary keys as Milvus's IDs (Int64 or VarChar).
    static func ids(_ keys: [JSONValue]) -> Milvus_Proto_Schema_IDs {
        var ids = Milvus_Proto_Schema_IDs()
        if keys.contains(where: { $0.stringValue != nil }) {
            ids.strID.data = keys.map { $0.stringValue ?? "" }
        } else {
            ids.intID.data = keys.map { $0.intValue ?? 0 }
        }
        return ids
    }

    func delete(request: Milvus_Proto_Milvus_DeleteRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_MutationResult {
        await answer {
            try MilvusDatabase.check(request.dbName)
            var body: JSONObject = ["collectionName": .string(request.collectionName), "filter": .string(request.expr)]
            if !request.partitionName.isEmpty { body["partitionName"] = .string(request.partitionName) }
            if !request.exprTemplateValues.isEmpty { body["exprParams"] = .object(GRPCTemplateValues.json(request.exprTemplateValues)) }
            let data = try await rest("entities", "delete", body).data.objectValue ?? JSONObject()
            var reply = Milvus_Proto_Milvus_MutationResult()
            reply.status = .success
            reply.deleteCnt = data["deleteCount"]?.intValue ?? 0
            reply.timestamp = MilvusTimestamp.now
            return reply
        }
    }

    func query(request: Milvus_Proto_Milvus_QueryRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_QueryResults {
        await answer {
            try MilvusDatabase.check(request.dbName)
            let collection = try state.collection(request.collectionName)
            let schema = collection.schema
            let params = Dictionary(request.queryParams.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
            let limit = try params["limit"].map { text throws(APIError) in try Self.integer(text, parameter: "limit") }
            let offset = try params["offset"].map { text throws(APIError) in try Self.integer(text, parameter: "offset") } ?? 0
            let isIterator = params["iterator"]?.lowercased() == "true"
            let outputFields = request.outputFields.isEmpty ? [schema.primaryKeyField.name] : request.outputFields
            var body: JSONObject = ["collectionName": .string(request.collectionName), "filter": .string(request.expr),
                                    "outputFields": .array(outputFields.map(JSONValue.string))]
            if !request.partitionNames.isEmpty { body["partitionNames"] = .array(request.partitionNames.map(JSONValue.string)) }
            if !request.exprTemplateValues.isEmpty { body["exprParams"] = .object(GRPCTemplateValues.json(request.exprTemplateValues)) }
            if isIterator || limit == nil {
                body["limit"] = .int(Int64(limits.topK))
            } else {
                body["limit"] = .int(Int64(limit!))
                body["offset"] = .int(Int64(offset))
            }
            var rows = (try await rest("entities", "query", body).data.arrayValue ?? []).compactMap(\.objectValue)
            var reply = Milvus_Proto_Milvus_QueryResults()
            reply.status = .success
            reply.collectionName = collection.name
            reply.primaryFieldName = schema.primaryKeyField.name
            if outputFields.count == 1, outputFields[0].lowercased() == "count(*)" {
                var column = FieldData()
                column.type = .int64
                column.fieldName = "count(*)"
                column.scalars.longData.data = [rows.first?["count(*)"]?.intValue ?? 0]
                reply.fieldsData = [column]
                reply.outputFields = ["count(*)"]
                return reply
            }
            if isIterator {
                let key = schema.primaryKeyField.name
                rows.sort { Self.keyPrecedes($0[key], $1[key]) }
                rows = Array(rows.dropFirst(offset).prefix(limit ?? rows.count))
            }
            let selection = try OutputSelection(outputFields, schema: schema)
            reply.fieldsData = GRPCColumns.columns(of: rows, schema: schema, fields: selection.engineFields)
            reply.outputFields = Self.replyOutputFields(outputFields, schema: schema)
            reply.sessionTs = MilvusTimestamp.now
            return reply
        }
    }

    /// The reply's output_fields: schema fields by name ("*" expanded), dynamic keys as asked
    /// (pymilvus picks the `$meta` keys to show by this list).
    static func replyOutputFields(_ requested: [String], schema: CollectionSchema) -> [String] {
        var names: [String] = []
        for name in requested where !name.isEmpty {
            if name == "*" {
                names += schema.fields.map(\.name)
            } else {
                names.append(name)
            }
        }
        var seen = Set<String>()
        return names.filter { $0 != CollectionSchema.dynamicFieldName && seen.insert($0).inserted }
    }

    static func keyPrecedes(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        switch (a, b) {
        case (.int(let x)?, .int(let y)?): x < y
        case (.string(let x)?, .string(let y)?): x < y
        default: false
        }
    }

    static func integer(_ text: String, parameter: String) throws(APIError) -> Int {
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), value >= 0 else {
            throw APIError.invalid("'\(parameter)' must be a non-negative integer, got '\(text.prefix(32))'")
        }
        return value
    }

    func flush(request: Milvus_Proto_Milvus_FlushRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_FlushResponse {
        await answer {
            try MilvusDatabase.check(request.dbName)
            var reply = Milvus_Proto_Milvus_FlushResponse()
            reply.status = .success
            reply.dbName = MilvusDatabase.defaultName
            for name in request.collectionNames {
                _ = try await rest("collections", "flush", ["collectionName": .string(name)])
                reply.collSegIds[name] = Milvus_Proto_Schema_LongArray()
                reply.flushCollSegIds[name] = Milvus_Proto_Schema_LongArray()
                reply.collFlushTs[name] = MilvusTimestamp.now
            }
            return reply
        }
    }

    func getFlushState(request: Milvus_Proto_Milvus_GetFlushStateRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_GetFlushStateResponse {
        var reply = Milvus_Proto_Milvus_GetFlushStateResponse()
        reply.status = .success
        reply.flushed = true
        return reply
    }
}
