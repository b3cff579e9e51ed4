// RequestGate: the middleware in front of every route: checks the bearer token (when one is
// configured; /healthz stays open so probes need no secret and it reveals nothing), refuses any
// method but the route's own with 405 (so GET never changes state), and tags each response with
// its request id. Refusals are counted in the metrics like any other request.

import HTTPTypes
import Hummingbird
import QuiverMilvus

struct RequestGate<Context: RequestContext>: RouterMiddleware {
    let token: String?
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let path = request.uri.path
        let allowedMethod: HTTPRequest.Method? =
            APIRoutes.paths.contains(path) ? .post : (path == OperationsRoutes.metricsPath || path == OperationsRoutes.healthPath ? .get : nil)
        var response: Response
        if let token, path != OperationsRoutes.healthPath,
           !BearerToken.matches(authorization: request.headers[.authorization], expected: token) {
            let error = APIError(.notAuthenticated, "a valid 'Authorization: Bearer <token>' header is required", status: .unauthorized)
            response = EnvelopeResponse.make(error.envelope, status: error.status)
            response.headers[.wwwAuthenticate] = "Bearer"
            metrics.recordRequest(route: allowedMethod == nil ? "unknown" : path, outcome: "unauthenticated",
                                  code: .notAuthenticated, duration: ContinuousClock.now - start)
        } else if let allowedMethod, request.method != allowedMethod, !(allowedMethod == .get && request.method == .head) {
            let error = APIError(.invalidParameter, "method \(request.method) is not allowed; use \(allowedMethod)", status: .methodNotAllowed)
            response = EnvelopeResponse.make(error.envelope, status: error.status)
            response.headers[.allow] = allowedMethod.rawValue
            metrics.recordRequest(route: path, outcome: "method_not_allowed", code: .invalidParameter,
                                  duration: ContinuousClock.now - start)
        } else {
            response = try await next(request, context)
        }
        response.headers[.requestID] = context.id
        return response
    }
}

extension HTTPField.Name {
    /// The id Hummingbird gives each request (also in every log line as `hb.request.id`).
    static let requestID = HTTPField.Name("X-Request-Id")!
}
