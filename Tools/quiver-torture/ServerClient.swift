// ServerClient: the torture worker's view of `quiver serve` on 127.0.0.1 (server and racing
// modes): a POST to /v2/vectordb/<route> over LoopbackHTTPClient (a connection per request,
// read to the close) whose reply body is the Milvus envelope {"code":..,"data":..,"message":..}.
// Invariants: any failure to get a whole reply whose body is a JSON object (refused, reset, EOF
// mid-reply, a receive timeout) is ServerGone, which the worker treats as "the server was
// killed", never as an answer.
// Ownership: a value; each worker task or racing thread uses its own connections.

import QuiverHarness
import QuiverJSON

/// The server did not answer: killed, or not listening.
struct ServerGone: Error, CustomStringConvertible {
    let description: String
}

struct ServerClient {
    let port: Int

    /// POSTs `body` to /v2/vectordb/<route>; returns the envelope, or throws ServerGone. A
    /// non-zero code is returned, not thrown: the caller decides.
    func post(_ route: String, _ body: JSONObject) throws(ServerGone) -> JSONObject {
        let reply: LoopbackHTTPReply
        do {
            reply = try LoopbackHTTPClient(port: port).post("/v2/vectordb/\(route)", json: body)
        } catch {
            throw ServerGone(description: "\(error)")
        }
        guard let envelope = (try? JSONParser.parse(reply.body, maxDepth: JSONParser.storedDocumentMaxDepth))?.objectValue else {
            throw ServerGone(description: "response body is not a JSON object (HTTP \(reply.status), \(reply.body.count) bytes)")
        }
        return envelope
    }
}
