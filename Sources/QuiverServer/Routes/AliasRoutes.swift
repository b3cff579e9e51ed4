// aliases/*: another name for a collection. create fails with 1602 when the alias exists and
// 1601 when it names a collection; describe/alter of an unknown alias is 1600; drop of an
// unknown alias succeeds (as dropping an unknown collection does).

import Quiver
import QuiverJSON
import QuiverMilvus

enum AliasRoutes {
    static let all: [APIRoute] = [
        APIRoute("aliases", "list") { request, state in
            let collection = try request.optionalName("collectionName")
            if let collection { _ = try state.collection(collection) }
            let names = try state.database.listAliases(collection: collection)
            return APIResult(data: .array(names.sorted().map(JSONValue.string)))
        },
        APIRoute("aliases", "describe") { request, state in
            let alias = try request.name("aliasName")
            let target = try target(of: alias, state)
            return APIResult(data: .object(["dbName": .string("default"), "collectionName": .string(target),
                                            "aliasName": .string(alias)]))
        },
        APIRoute("aliases", "create") { request, state in
            try await point(request, state, replace: false)
            return .empty
        },
        APIRoute("aliases", "alter") { request, state in
            try await point(request, state, replace: true)
            return .empty
        },
        APIRoute("aliases", "drop") { request, state in
            let alias = try request.name("aliasName")
            // Dropping an alias that does not exist succeeds (also when a racing drop took it).
            do {
                try await state.database.dropAlias(alias)
            } catch let error as QuiverError where error.code == .notFound {}
            return .empty
        },
    ]

    static func target(of alias: String, _ state: ServerState) throws(APIError) -> String {
        do {
            return try state.database.describeAlias(alias)
        } catch {
            throw APIError(.aliasNotFound, "alias '\(alias)' does not exist")
        }
    }

    static func point(_ request: APIRequest, _ state: ServerState, replace: Bool) async throws {
        let alias = try request.name("aliasName")
        let collection = try state.collection(try request.collectionName)
        if try state.database.hasCollection(alias) {
            throw APIError(.aliasConflictsWithCollection, "'\(alias)' is the name of a collection")
        }
        if replace { _ = try target(of: alias, state) }
        do {
            if replace {
                try await state.database.alterAlias(alias, for: collection.name)
            } else {
                try await state.database.createAlias(alias, for: collection.name)
            }
        } catch let error as QuiverError where error.code == .notFound {
            // The checks above ran before the engine's serialized step; a racing drop or rename
            // may since have taken the collection (the engine says "collection ...") or the
            // alias (alter: "alias ...").
            throw error.message.hasPrefix("alias ") ? APIError(.aliasNotFound, error.message) : APIError(.collectionNotFound, error.message)
        } catch let error as QuiverError where error.code == .alreadyExists {
            // Either the alias exists, or (a racing create) a collection now has its name.
            throw APIError(error.message.contains("name of a collection") ? .aliasConflictsWithCollection : .aliasExists, error.message)
        } catch let error as QuiverError {
            throw error.apiError()
        }
    }
}
