// indexes/*: list, describe (with the build's real progress), create and drop. An index is
// named by `indexName` (the field name unless one was given when it was created).

import Quiver
import QuiverJSON
import QuiverMilvus

enum IndexRoutes {
    static let all: [APIRoute] = [
        APIRoute("indexes", "list") { request, state in
            let collection = try state.collection(try request.collectionName)
            return APIResult(data: .array(await collection.indexes().map { .string($0.indexName) }))
        },
        APIRoute("indexes", "describe") { request, state in
            let collection = try state.collection(try request.collectionName)
            let index = try await status(named: try request.name("indexName"), in: collection)
            var object = JSONObject()
            object["indexName"] = .string(index.indexName)
            object["fieldName"] = .string(index.fieldName)
            object["indexType"] = .string(index.spec.kind.rawValue)
            object["metricType"] = .string(index.spec.kind.isForScalars ? "" : index.spec.metric.rawValue)
            object["indexState"] = .string(index.state)
            object["totalRows"] = .int(Int64(index.indexedRows + index.pendingRows))
            object["indexedRows"] = .int(Int64(index.indexedRows))
            object["pendingRows"] = .int(Int64(index.pendingRows))
            object["failReason"] = .string("")
            object["params"] = .object(JSONObject(index.spec.parameters))
            return APIResult(data: .array([.object(object)]))
        },
        APIRoute("indexes", "create") { request, state in
            let collection = try state.collection(try request.collectionName)
            guard let values = try request.array("indexParams"), !values.isEmpty else { throw APIError.missing("indexParams") }
            let indexes = try values.enumerated().map { position, value throws(APIError) in
                try IndexParameters(value, position: position, schema: collection.schema)
            }
            for index in indexes { try await index.create(on: collection) }
            return .empty
        },
        APIRoute("indexes", "drop") { request, state in
            let collection = try state.collection(try request.collectionName)
            let index = try await status(named: try request.name("indexName"), in: collection)
            try await collection.dropIndex(field: index.fieldName)
            return .empty
        },
    ]

    static func status(named name: String, in collection: Quiver.Collection) async throws(APIError) -> IndexStatus {
        guard let index = await collection.indexes().first(where: { $0.indexName == name }) else {
            throw APIError(.indexNotFound, "collection '\(collection.name)' has no index '\(name)'")
        }
        return index
    }
}
