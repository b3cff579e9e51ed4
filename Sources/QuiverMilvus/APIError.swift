// APIError: a failed Milvus request as the client sees it, whatever door it came through: a
// Milvus code, a message naming the field or value at fault (never payload values beyond one
// short scalar), and, for REST, the HTTP status. The status is 200 for every API failure
// (Milvus's convention) except the transport-level ones the REST server makes: 401 without a
// valid token, 405 for a method other than POST, 413 for an oversized body (which also closes
// the connection), 415 for a body that is not declared as JSON.

import QuiverJSON

/// A Milvus error code and message (see the file header).
package struct APIError: Error, Sendable, Equatable {
    /// The Milvus code clients match on.
    package let code: APICode
    /// "<base message>: <detail>", or the base message alone.
    package let message: String
    /// The HTTP status a REST reply carries (200 unless the transport refused the request).
    package let httpStatus: Int
    /// Answer with `Connection: close` and close after the reply: the request cannot be read to
    /// its end (an oversized body), so the connection is not reused.
    package let closesConnection: Bool

    /// An error under `code` whose message is the code's base message followed by `detail`.
    package init(_ code: APICode, _ detail: String, httpStatus: Int = 200, closesConnection: Bool = false) {
        self.code = code
        self.message = detail.isEmpty ? code.baseMessage : "\(code.baseMessage): \(detail)"
        self.httpStatus = httpStatus
        self.closesConnection = closesConnection
    }

    /// 1100: a parameter has the wrong type or value.
    package static func invalid(_ detail: String) -> APIError { APIError(.invalidParameter, detail) }

    /// 1802: a required parameter is absent.
    package static func missing(_ parameter: String) -> APIError {
        APIError(.missingRequiredParameter, "'\(parameter)' is required")
    }

    /// 3000: a request Quiver understands but does not serve.
    package static func unsupported(_ what: String) -> APIError { APIError(.unsupportedOperation, what) }

    /// 100: no collection (or alias) has this name.
    package static func collectionNotFound(_ name: String) -> APIError {
        APIError(.collectionNotFound, "collection '\(name)' does not exist")
    }

    /// The envelope `{"code":N,"message":"..."}`.
    package var envelope: JSONValue {
        .object(["code": .int(Int64(code.rawValue)), "message": .string(message)])
    }

    /// The message without the code's base message ("row 0, field 'age': ..." of
    /// "fail to deal the insert data: row 0, field 'age': ...").
    package var detail: String {
        message.hasPrefix(code.baseMessage + ": ") ? String(message.dropFirst(code.baseMessage.count + 2)) : message
    }

    /// The same message under another code (nil keeps this one).
    package func with(code newCode: APICode?) -> APIError {
        guard let newCode, newCode != code else { return self }
        return APIError(newCode, detail, httpStatus: httpStatus)
    }
}
