// CORSPolicy: which browser origins may call the API, and the headers that say so. Off unless
// origins are configured. For an allowed origin: a preflight (OPTIONS with
// Access-Control-Request-Method) is answered 204 here, before the token check (browsers never
// send credentials on a preflight), and every other response carries
// Access-Control-Allow-Origin echoing the origin (with `Vary: Origin`). For any other origin,
// or with CORS off, nothing is added and OPTIONS goes on to the router (405/404), so a browser
// refuses the call.

import HTTPTypes
import Hummingbird

struct CORSPolicy: Sendable {
    let origins: Set<String>

    /// Browsers may send these request headers (the API's own and the content type).
    static let allowedHeaders = "Authorization, Content-Type, DB-Name, Request-Timeout, Accept-Type-Allow-Int64"
    static let allowedMethods = "GET, POST, OPTIONS"
    static let maxAgeSeconds = 600

    init(origins: [String]) { self.origins = Set(origins) }

    func allows(_ origin: String) -> Bool { origins.contains("*") || origins.contains(origin) }

    /// `*`, or scheme `http`/`https`, a host and an optional port, with no path or spaces.
    static func isValidOrigin(_ text: String) -> Bool {
        if text == "*" { return true }
        let scheme: String
        if text.hasPrefix("https://") { scheme = "https://" } else if text.hasPrefix("http://") { scheme = "http://" } else { return false }
        let rest = text.dropFirst(scheme.count)
        guard !rest.isEmpty, rest.count <= 255 else { return false }
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, !parts[0].isEmpty,
              parts[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }) else { return false }
        if parts.count == 2 {
            guard let port = Int(parts[1]), (1...65535).contains(port) else { return false }
        }
        return true
    }
}

struct CORSGate<Context: RequestContext>: RouterMiddleware {
    let policy: CORSPolicy

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin], policy.allows(origin) else {
            return try await next(request, context)
        }
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            var response = Response(status: .noContent)
            response.headers[.accessControlAllowMethods] = CORSPolicy.allowedMethods
            response.headers[.accessControlAllowHeaders] = CORSPolicy.allowedHeaders
            response.headers[.accessControlMaxAge] = String(CORSPolicy.maxAgeSeconds)
            Self.addOriginHeaders(to: &response, origin: origin)
            return response
        }
        var response = try await next(request, context)
        Self.addOriginHeaders(to: &response, origin: origin)
        response.headers[.accessControlExposeHeaders] = HTTPField.Name.requestID.rawName
        return response
    }

    static func addOriginHeaders(to response: inout Response, origin: String) {
        response.headers[.accessControlAllowOrigin] = origin
        response.headers.append(HTTPField(name: .vary, value: "Origin"))
    }
}
