// APIError over HTTP: a thrown APIError becomes its envelope under its HTTP status (and closes
// the connection when the error says the request could not be read to its end).

import HTTPTypes
import Hummingbird
import QuiverMilvus

extension APIError {
    /// An error the transport raises before any route runs (401, 405, 408, 413, 415).
    init(_ code: APICode, _ detail: String, status: HTTPResponse.Status, closesConnection: Bool = false) {
        self.init(code, detail, httpStatus: status.code, closesConnection: closesConnection)
    }

    /// The HTTP status of the reply.
    package var status: HTTPResponse.Status { HTTPResponse.Status(code: httpStatus) }
}

extension APIError: HTTPResponseError {
    package func response(from request: Request, context: some RequestContext) throws -> Response {
        EnvelopeResponse.make(envelope, status: status, closesConnection: closesConnection)
    }
}
