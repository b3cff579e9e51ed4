// APIError: a failed request as the client sees it: a Milvus code, a message naming the field or
// value at fault (never payload values beyond one short scalar), and the HTTP status, which is
// 200 for every API failure (Milvus's convention) except the transport-level ones: 401 without a
// valid token, 405 for a method other than POST, 413 for an oversized body (which also closes
// the connection), 415 for a body that is not declared as JSON.

import HTTPTypes
import Hummingbird

struct APIError: Error, Sendable, Equatable {
    let code: APICode
    let message: String
    let status: HTTPResponse.Status
    /// Answer with `Connection: close` and close after the reply: the request cannot be read to
    /// its end (an oversized body), so the connection is not reused.
    let closesConnection: Bool

    init(_ code: APICode, _ detail: String, status: HTTPResponse.Status = .ok, closesConnection: Bool = false) {
        self.code = code
        self.message = detail.isEmpty ? code.baseMessage : "\(code.baseMessage): \(detail)"
        self.status = status
        self.closesConnection = closesConnection
    }

    static func invalid(_ detail: String) -> APIError { APIError(.invalidParameter, detail) }

    static func missing(_ parameter: String) -> APIError {
        APIError(.missingRequiredParameter, "'\(parameter)' is required")
    }

    static func unsupported(_ what: String) -> APIError { APIError(.unsupportedOperation, what) }

    static func collectionNotFound(_ name: String) -> APIError {
        APIError(.collectionNotFound, "collection '\(name)' does not exist")
    }

    /// The envelope `{"code":N,"message":"..."}`.
    var envelope: JSONValue {
        .object(["code": .int(Int64(code.rawValue)), "message": .string(message)])
    }
}

extension APIError: HTTPResponseError {
    func response(from request: Request, context: some RequestContext) throws -> Response {
        EnvelopeResponse.make(envelope, status: status, closesConnection: closesConnection)
    }
}
