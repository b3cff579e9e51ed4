// RouteResponder: runs one API route: checks the Content-Type (JSON only, 415 otherwise) and the
// headers, reads the body (refusing one over the cap before reading it, and closing that
// connection), parses it, calls the handler, renders the envelope, and records the request's
// metrics and one log line with its request id (successes at debug, API failures at info,
// internal errors at error; LOG_LEVEL chooses what is printed). Every failure becomes an
// envelope here, so handlers only throw. The handler runs under the request's deadline
// (RequestDeadline.swift).
// Invariant: an internal or unexpected error answers a generic message with the request id;
// its detail (file paths, type names) goes only to the log.

import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Quiver
import QuiverJSON
import QuiverMilvus

struct RouteResponder: Sendable {
    let state: ServerState
    let configuration: ServerConfiguration

    func respond(to route: APIRoute, request: Request, context: some RequestContext) async -> Response {
        let start = ContinuousClock.now
        var code = APICode.success
        var response: Response
        do {
            try Self.requireJSONContentType(request.headers[.contentType])
            let body = try await readBody(of: request)
            let apiRequest = APIRequest(body: body, int64AsString: try Self.int64AsString(request.headers[Self.allowInt64Header]),
                                        limits: configuration.limits)
            try Self.requireDefaultDatabase(header: request.headers[Self.databaseHeader], body: apiRequest)
            let limit = try RequestDeadline.limit(header: request.headers[RequestDeadline.header],
                                                  fallback: configuration.requestTimeout)
            let (handler, state) = (route.handler, state)
            let result = try await RequestDeadline.run(within: limit) { try await handler(apiRequest, state) }
            response = EnvelopeResponse.success(data: result.data, extra: result.extra)
        } catch {
            var failure = Self.apiError(for: error)
            if failure.code == .unexpected || failure.code == .internalError {
                // The detail (file paths, type names) stays in the server's log; the client gets
                // the request id to quote.
                context.logger.error("request failed", metadata: ["route": .string(route.path), "error": .string("\(error)")])
                failure = APIError(failure.code, "the server logged the details under request id \(context.id)")
            }
            code = failure.code
            response = EnvelopeResponse.make(failure.envelope, status: failure.status, closesConnection: failure.closesConnection)
        }
        let outcome = switch (code, response.status) {
        case (.success, _): "ok"
        case (_, .contentTooLarge): "body_too_large"
        case (.requestTimeout, _): "timeout"
        default: "error"
        }
        let duration = ContinuousClock.now - start
        state.metrics.recordRequest(route: route.path, outcome: outcome, code: code, duration: duration)
        context.logger.log(level: code == .success ? .debug : .info, "request", metadata: [
            "route": .string(route.path), "code": .stringConvertible(code.rawValue),
            "ms": .string(String(format: "%.3f", Double(duration.nanoseconds) / 1e6)),
        ])
        return response
    }

    static let allowInt64Header = HTTPField.Name("Accept-Type-Allow-Int64")!
    static let databaseHeader = HTTPField.Name("DB-Name")!

    /// API routes read JSON only. A browser sends a cross-origin POST without asking first (no
    /// CORS preflight) only with a form or text/plain type, so refusing every other type keeps a
    /// web page from writing here. Parameters such as `charset=utf-8` are allowed.
    static func requireJSONContentType(_ value: String?) throws(APIError) {
        let mediaType = value?.split(separator: ";", maxSplits: 1).first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard mediaType == "application/json" else {
            let given = value.map { "'\($0.prefix(64))'" } ?? "none"
            throw APIError(.bodyIsNotJSON, "Content-Type must be application/json, got \(given)", status: .unsupportedMediaType)
        }
    }

    /// `Accept-Type-Allow-Int64`: `false` renders Int64 values as strings; `true` or no header
    /// renders numbers. Any other value is refused rather than guessed at.
    static func int64AsString(_ value: String?) throws(APIError) -> Bool {
        guard let value else { return false }
        switch value.lowercased() {
        case "true": return false
        case "false": return true
        default: throw APIError.invalid("header Accept-Type-Allow-Int64 must be true or false, got '\(value.prefix(32))'")
        }
    }

    /// Quiver serves one database, `default`: the `DB-Name` header and a body's `dbName` (a
    /// string when present) may name only it.
    static func requireDefaultDatabase(header: String?, body: APIRequest) throws(APIError) {
        let fromBody = try body.string("dbName")   // checked for type even when the header is sent
        for named in [header, fromBody] {
            if let named, !named.isEmpty, named != "default" { throw APIError.unsupported("databases other than 'default'") }
        }
    }

    static func apiError(for error: any Error) -> APIError {
        switch error {
        case let error as APIError: error
        case let error as QuiverError: error.apiError()
        default: APIError(.unexpected, "\(error)")
        }
    }

    /// The body as a JSON object; empty and `null` mean `{}`.
    func readBody(of request: Request) async throws(APIError) -> JSONObject {
        let limit = configuration.maxBodyByteCount
        let tooLarge = APIError(.parameterTooLarge, "request body exceeds \(limit) bytes", status: .contentTooLarge,
                                closesConnection: true)
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit { throw tooLarge }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        } catch {
            throw APIError(.bodyIsNotJSON, "the request body could not be read")
        }
        let bytes = Array(buffer.readableBytesView)
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) { return JSONObject() }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes, maxDepth: configuration.limits.jsonDepth)
        } catch {
            throw APIError(.bodyIsNotJSON, error.message)
        }
        switch value {
        case .object(let object): return object
        case .null: return JSONObject()   // Milvus reads the body `null` as `{}` (its test suite sends it)
        default: throw APIError(.bodyIsNotJSON, "the body must be a JSON object, got \(value.kindName)")
        }
    }
}
