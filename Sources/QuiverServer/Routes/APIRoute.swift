// APIRoute: one `POST /v2/vectordb/<group>/<action>` route and its handler. `APIRoutes.all` is
// the whole table: the router registers exactly these (plus /healthz and /metrics), and the
// OpenAPI test checks docs/openapi.yaml against what the router registered.
// Handlers return the `data` of the success envelope (and any extra top-level members); they
// throw APIError, or QuiverError which the responder maps with `apiError()`.

import Logging
import Quiver
import QuiverJSON
import QuiverMilvus

struct APIResult: Sendable {
    var data: JSONValue
    var extra = JSONObject()

    static let empty = APIResult(data: .object(JSONObject()))
}

/// What every handler may use: the open database and the server's counters.
struct ServerState: Sendable {
    let database: Database
    let metrics: ServerMetrics

    /// The collection named by the request, or code 100.
    func collection(_ name: String) throws(APIError) -> Quiver.Collection {
        do {
            return try database.collection(name)
        } catch let error as QuiverError where error.code == .notFound {
            throw .collectionNotFound(name)
        } catch let error as QuiverError {
            throw error.apiError()
        } catch {
            throw APIError(.unexpected, "\(error)")
        }
    }
}

struct APIRoute: Sendable {
    typealias Handler = @Sendable (APIRequest, ServerState) async throws -> APIResult

    let group: String
    let action: String
    let handler: Handler

    init(_ group: String, _ action: String, _ handler: @escaping Handler) {
        self.group = group
        self.action = action
        self.handler = handler
    }

    var path: String { "/v2/vectordb/\(group)/\(action)" }

    /// A route whose engine API is not built yet: always code 3000 naming what is missing.
    static func unsupported(_ group: String, _ action: String, _ what: String) -> APIRoute {
        APIRoute(group, action) { _, _ in throw APIError.unsupported(what) }
    }
}

enum APIRoutes {
    static let all: [APIRoute] = CollectionRoutes.all + EntityRoutes.all + PartitionRoutes.all
        + IndexRoutes.all + AliasRoutes.all

    static let paths: Set<String> = Set(all.map(\.path))

    private static let handlers: [String: APIRoute.Handler] = Dictionary(uniqueKeysWithValues: all.map { ($0.path, $0.handler) })

    /// The handler of `<group>/<action>`: the gRPC front end runs the same handlers as REST, so a
    /// request means the same thing through either door. A missing route is our bug (trapped).
    static func handler(_ group: String, _ action: String) -> APIRoute.Handler {
        guard let handler = handlers["/v2/vectordb/\(group)/\(action)"] else {
            preconditionFailure("no REST route \(group)/\(action)")
        }
        return handler
    }
}
