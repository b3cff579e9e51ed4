// RouteResponder: runs one API route: reads the body (refusing one over the cap before reading
// it), parses it, calls the handler, renders the envelope, and records the request's metrics and
// one log line with its request id (successes at debug, API failures at info, internal errors at
// error; LOG_LEVEL chooses what is printed). Every failure becomes an envelope here, so handlers
// only throw. The handler runs under the request's deadline (RequestDeadline.swift).

import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Quiver

struct RouteResponder: Sendable {
    let state: ServerState
    let configuration: ServerConfiguration

    func respond(to route: APIRoute, request: Request, context: some RequestContext) async -> Response {
        let start = ContinuousClock.now
        var code = APICode.success
        var response: Response
        do {
            let body = try await readBody(of: request)
            let apiRequest = APIRequest(body: body, int64AsString: request.headers[Self.allowInt64Header] == "false",
                                        limits: configuration.limits)
            if let database = request.headers[Self.databaseHeader] ?? apiRequest["dbName"]?.stringValue,
               !database.isEmpty, database != "default" {
                throw APIError.unsupported("databases other than 'default'")
            }
            let limit = try RequestDeadline.limit(header: request.headers[RequestDeadline.header],
                                                  fallback: configuration.requestTimeout)
            let (handler, state) = (route.handler, state)
            let result = try await RequestDeadline.run(within: limit) { try await handler(apiRequest, state) }
            response = EnvelopeResponse.success(data: result.data, extra: result.extra)
        } catch {
            let failure = Self.apiError(for: error)
            if failure.code == .unexpected || failure.code == .internalError {
                context.logger.error("request failed", metadata: ["route": .string(route.path), "error": .string("\(error)")])
            }
            code = failure.code
            response = EnvelopeResponse.make(failure.envelope, status: failure.status)
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

    static func apiError(for error: any Error) -> APIError {
        switch error {
        case let error as APIError: error
        case let error as QuiverError: error.apiError()
        default: APIError(.unexpected, "\(error)")
        }
    }

    /// The body as a JSON object; empty means `{}`.
    func readBody(of request: Request) async throws(APIError) -> JSONObject {
        let limit = configuration.maxBodyByteCount
        let tooLarge = APIError(.parameterTooLarge, "request body exceeds \(limit) bytes", status: .contentTooLarge)
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
        guard case .object(let object) = value else {
            throw APIError(.bodyIsNotJSON, "the body must be a JSON object, got \(value.kindName)")
        }
        return object
    }
}
