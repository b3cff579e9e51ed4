// EnvelopeResponse: builds the HTTP responses of the API: `{"code":0,"data":...}` on success
// (plus `cost` and any extra top-level members such as `topks`), the error envelope otherwise.

import Hummingbird
import NIOCore
import QuiverJSON

enum EnvelopeResponse {
    static func success(data: JSONValue, extra: JSONObject = JSONObject()) -> Response {
        var envelope: JSONObject = ["code": .int(0)]
        envelope["cost"] = .int(0)
        envelope["data"] = data
        for (key, value) in extra.members { envelope[key] = value }
        return make(.object(envelope), status: .ok)
    }

    /// `closesConnection` adds `Connection: close`; CloseAfterResponse then closes the
    /// connection once the reply is written.
    static func make(_ body: JSONValue, status: HTTPResponse.Status, closesConnection: Bool = false) -> Response {
        let bytes = JSONWriter.bytes(of: body)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if closesConnection { headers[.connection] = "close" }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
