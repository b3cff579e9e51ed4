// collections/*: list, has, describe, stats, load state, create (CollectionCreate.swift), drop,
// rename, load, release, flush, compact and compaction state. Every route that names a
// collection also accepts one of its aliases, except drop (as in Milvus).

import Quiver
import QuiverJSON
import QuiverMilvus

enum CollectionRoutes {
    static let all: [APIRoute] = [
        APIRoute("collections", "list") { _, state in
            APIResult(data: .array(try state.database.listCollections().sorted().map(JSONValue.string)))
        },
        APIRoute("collections", "has") { request, state in
            let name = try request.collectionName
            return APIResult(data: .object(["has": .bool(try state.database.hasCollection(name))]))
        },
        APIRoute("collections", "describe") { request, state in
            let collection = try state.collection(try request.collectionName)
            let aliases = try state.database.listAliases(collection: collection.name)
            return APIResult(data: .object(await CollectionDescription.describe(collection, aliases: aliases)))
        },
        APIRoute("collections", "get_stats") { request, state in
            let collection = try state.collection(try request.collectionName)
            return APIResult(data: .object(["rowCount": .int(Int64(collection.count))]))
        },
        APIRoute("collections", "get_load_state") { request, state in
            // With partitionNames: Loaded only if every named partition is (unknown: code 200).
            let collection = try state.collection(try request.collectionName)
            var loaded = collection.isLoaded
            if let names = try request.partitionNames {
                let existing = Set(await collection.listPartitions())
                if let unknown = names.first(where: { !existing.contains($0) }) {
                    throw APIError(.partitionNotFound, "partition '\(unknown)' does not exist in collection '\(collection.name)'")
                }
                loaded = Set(names).isSubset(of: await collection.loadedPartitions())
            }
            guard loaded else { return APIResult(data: .object(["loadState": .string("LoadStateNotLoad")])) }
            return APIResult(data: .object(["loadState": .string("LoadStateLoaded"), "loadProgress": .int(100)]))
        },
        APIRoute("collections", "create", CollectionCreate.handle),
        APIRoute("collections", "drop") { request, state in
            let name = try request.collectionName
            if (try? state.database.describeAlias(name)) != nil {
                throw APIError.invalid("'\(name)' is an alias; drop the collection by its own name")
            }
            // Dropping a collection that does not exist succeeds, as in Milvus 2.3+.
            // An alias is not dropped this way; a racing drop that got there first is success too.
            if try state.database.hasCollection(name) {
                do {
                    try await state.database.dropCollection(name)
                } catch let error as QuiverError where error.code == .notFound {}
            }
            return .empty
        },
        APIRoute("collections", "rename") { request, state in
            let name = try request.collectionName
            let newName = try request.name("newCollectionName")
            _ = try state.collection(name)
            do {
                try await state.database.renameCollection(name, to: newName)
            } catch let error as QuiverError {
                throw error.apiError()
            }
            return .empty
        },
        APIRoute("collections", "load") { request, state in
            try state.collection(try request.collectionName).load()
            return .empty
        },
        APIRoute("collections", "release") { request, state in
            try state.collection(try request.collectionName).release()
            return .empty
        },
        APIRoute("collections", "flush") { request, state in
            try await state.collection(try request.collectionName).flush()
            return .empty
        },
        APIRoute("collections", "compact") { request, state in
            // Runs to completion before answering, so get_compaction_state then reads Completed.
            try await state.collection(try request.collectionName).compact()
            return .empty
        },
        APIRoute("collections", "get_compaction_state") { request, state in
            let status = try await state.collection(try request.collectionName).compactionStatus()
            var data: JSONObject = ["state": .string(status.isRunning ? "Executing" : "Completed")]
            data["executingPlanNo"] = .int(status.isRunning ? 1 : 0)
            data["timeoutPlanNo"] = .int(0)
            data["completedPlanNo"] = .int(Int64(status.lastResult?.mergeCount ?? 0))
            data["failedPlanNo"] = .int(status.lastError == nil ? 0 : 1)
            if let lastError = status.lastError { data["lastError"] = .string(lastError) }
            return APIResult(data: .object(data))
        },
    ]
}
