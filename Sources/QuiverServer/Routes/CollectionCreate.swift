// collections/create: the body is read by CollectionCreateRequest (quick or schema mode, shared
// with `quiver create --schema`). Everything is parsed and checked before the collection is created; the collection and its
// indexes are created as one engine step (Database.createCollection(_:schema:configure:)), so
// if an index fails the collection is dropped again and a failed create leaves nothing behind.

import Quiver
import QuiverMilvus

enum CollectionCreate {
    static func handle(_ request: APIRequest, _ state: ServerState) async throws -> APIResult {
        let name = try request.collectionName
        let (schema, indexes) = try CollectionCreateRequest.schemaAndIndexes(request)
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
}
