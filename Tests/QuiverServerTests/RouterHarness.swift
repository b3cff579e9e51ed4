// RouterHarness: an in-process server over a fresh database in a temporary directory, driven
// through Hummingbird's router test client (no sockets). `call` posts a JSON body and returns the
// HTTP status and the parsed envelope.

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Quiver
@testable import QuiverServer
import Testing
import QuiverJSON

struct APIReply {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let json: JSONObject

    var code: Int64? { if case .int(let code)? = json["code"] { return code }; return nil }
    var data: JSONValue? { json["data"] }
    var message: String { json["message"]?.stringValue ?? "" }
    var dataObject: JSONObject { data?.objectValue ?? JSONObject() }
    var dataArray: [JSONValue] { data?.arrayValue ?? [] }
}

struct APIClient: Sendable {
    let client: any TestClientProtocol
    var headers: HTTPFields = [:]

    /// POSTs `body` (JSON text, or nil for an empty body) to `/v2/vectordb/<route>`.
    func call(_ route: String, _ body: String?, headers extra: HTTPFields = [:]) async throws -> APIReply {
        try await request(route.hasPrefix("/") ? route : "/v2/vectordb/\(route)", method: .post, body: body, headers: extra)
    }

    func request(_ path: String, method: HTTPRequest.Method, body: String?, headers extra: HTTPFields = [:]) async throws -> APIReply {
        var all = headers
        all.append(contentsOf: extra)
        // API routes read JSON only (415 otherwise); tests of that send through `client` directly.
        if method == .post, all[.contentType] == nil { all[.contentType] = "application/json" }
        let response = try await client.execute(uri: path, method: method, headers: all,
                                                body: body.map { ByteBuffer(string: $0) })
        let bytes = response.body.readableBytesView
        var json = JSONObject()
        if !bytes.isEmpty, case .object(let object)? = try? JSONParser.parse(Array(bytes), maxDepth: 512) { json = object }
        return APIReply(status: response.status, headers: response.headers, json: json)
    }

    func text(_ path: String) async throws -> (HTTPResponse.Status, String) {
        let response = try await client.execute(uri: path, method: .get, headers: headers)
        return (response.status, String(buffer: response.body))
    }

    /// Calls and requires code 0.
    @discardableResult
    func ok(_ route: String, _ body: String?, headers extra: HTTPFields = [:], sourceLocation: SourceLocation = #_sourceLocation) async throws -> APIReply {
        let reply = try await call(route, body, headers: extra)
        #expect(reply.status == .ok, sourceLocation: sourceLocation)
        #expect(reply.code == 0, "\(route): \(reply.message)", sourceLocation: sourceLocation)
        return reply
    }
}

enum RouterHarness {
    /// `extraRoutes` are served beside the API's (tests of the responder itself); `adjust`
    /// changes the database options (background compaction is always off).
    static func withServer<Value: Sendable>(configuration: ServerConfiguration = ServerConfiguration(),
                                            metrics: ServerMetrics = ServerMetrics(),
                                            extraRoutes: [APIRoute] = [],
                                            adjust: (inout DatabaseOptions) -> Void = { _ in },
                                            _ body: @Sendable (APIClient, Database) async throws -> Value) async throws -> Value {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quiver-server-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Background compaction off: route tests assert exact segment counts and compaction
        // states, which a timer-driven merge would make depend on timing.
        var options = DatabaseOptions()
        adjust(&options)
        options.compaction.isEnabled = false
        let database = try await Database.open(at: directory, options: options)
        let router = RESTServer.makeRouter(database: database, configuration: configuration, metrics: metrics,
                                           routes: APIRoutes.all + extraRoutes)
        var logger = Logger(label: "quiver-server-tests")
        logger.logLevel = .warning
        let app = Application(router: router, logger: logger)
        do {
            let value = try await app.test(.router) { client in try await body(APIClient(client: client), database) }
            await database.close()
            return value
        } catch {
            await database.close()
            throw error
        }
    }

    /// A JSON array of `count` vectors of `dimension` floats: vector i is (i, i, ..., i) + 1.
    static func vectors(_ count: Int, dimension: Int, start: Int = 0) -> [[Float]] {
        (start ..< start + count).map { row in (0 ..< dimension).map { Float(row + 1) + Float($0) * 0.01 } }
    }

    static func json(_ vector: [Float]) -> String { "[" + vector.map { "\($0)" }.joined(separator: ",") + "]" }
}
