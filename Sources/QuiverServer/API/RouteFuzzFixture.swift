// RouteFuzzFixture: the small database every route-fuzz input runs against, opened on an
// in-memory file system and built through the API itself:
//   c  id Int64 primary key, vec FloatVector(4) with an AUTOINDEX (L2), age Int64 with STL_SORT,
//      name VarChar(16), tags Array<Int64>(4), score Float, dynamic field on; partition p1;
//      six rows (ids 1...4 in _default, 5 and 6 in p1); alias a -> c
//   q  quick form: id Int64, vector FloatVector(4), COSINE; two rows
// The router is the server's own (RESTServer.makeRouter) under a context that needs no channel.
// Invariants: the fixture is the same for every input; a setup request that fails traps at once
// (the fixture, not the input, is broken); `close` releases everything the fixture holds.

import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Quiver
import QuiverFileSystem
import QuiverJSON

struct RouteFuzzFixture {
    let database: Database
    let responder: RouterResponder<RouteFuzzContext>

    static let setup: [(path: String, body: String)] = [
        ("collections/create", """
        {"collectionName":"c","schema":{"autoID":false,"enableDynamicField":true,"fields":[\
        {"fieldName":"id","dataType":"Int64","isPrimary":true},\
        {"fieldName":"vec","dataType":"FloatVector","elementTypeParams":{"dim":4}},\
        {"fieldName":"age","dataType":"Int64"},\
        {"fieldName":"name","dataType":"VarChar","elementTypeParams":{"max_length":16}},\
        {"fieldName":"tags","dataType":"Array","elementDataType":"Int64","elementTypeParams":{"max_capacity":4}},\
        {"fieldName":"score","dataType":"Float"}]},\
        "indexParams":[{"fieldName":"vec","metricType":"L2","indexType":"AUTOINDEX"},\
        {"fieldName":"age","indexName":"age_idx","indexType":"STL_SORT"}]}
        """),
        ("partitions/create", #"{"collectionName":"c","partitionName":"p1"}"#),
        ("entities/insert", """
        {"collectionName":"c","data":[\
        {"id":1,"vec":[0,0,0,1],"age":10,"name":"ann","tags":[1],"score":0.5,"city":"oslo"},\
        {"id":2,"vec":[0,0,1,0],"age":20,"name":"bob","tags":[1,2],"score":1.5},\
        {"id":3,"vec":[0,1,0,0],"age":30,"name":"cy","tags":[],"score":-2,"city":"rome"},\
        {"id":4,"vec":[1,0,0,0],"age":40,"name":"dee","tags":[3,4,5],"score":0}]}
        """),
        ("entities/insert", """
        {"collectionName":"c","partitionName":"p1","data":[\
        {"id":5,"vec":[1,1,0,0],"age":50,"name":"eve","tags":[5],"score":9},\
        {"id":6,"vec":[0,0,1,1],"age":60,"name":"fay","tags":[6],"score":3.25,"n":7}]}
        """),
        ("aliases/create", #"{"collectionName":"c","aliasName":"a"}"#),
        ("collections/create", #"{"collectionName":"q","dimension":4,"metricType":"COSINE"}"#),
        ("entities/insert", #"{"collectionName":"q","data":[{"id":1,"vector":[1,2,3,4]},{"id":2,"vector":[4,3,2,1]}]}"#),
    ]

    static func open() async -> RouteFuzzFixture {
        var options = DatabaseOptions()
        options.compaction.isEnabled = false
        let database: Database
        do {
            database = try await Database.open(at: "/fuzz", options: options, fileSystem: MemoryFileSystem())
        } catch {
            fatalError("route fuzz fixture: the database did not open: \(error)")
        }
        let router = RESTServer.makeRouter(context: RouteFuzzContext.self, database: database,
                                           configuration: ServerConfiguration(), metrics: ServerMetrics(),
                                           routes: APIRoutes.all)
        let fixture = RouteFuzzFixture(database: database, responder: router.buildResponder())
        for (path, body) in setup {
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            let reply = await fixture.send(RouteFuzzRequest(path: "/v2/vectordb/\(path)", method: .post,
                                                            headers: headers, body: Array(body.utf8)))
            guard reply.code == 0 else { fatalError("route fuzz fixture: \(path) failed: \(reply.message)") }
        }
        return fixture
    }

    /// Runs one request through the router and reads its envelope.
    func send(_ request: RouteFuzzRequest) async -> RouteFuzzReply {
        let head = HTTPRequest(method: request.method, scheme: "http", authority: "localhost", path: request.path,
                               headerFields: request.headers)
        let httpRequest = Request(head: head, body: RequestBody(buffer: ByteBuffer(bytes: request.body)))
        let response: Response
        do {
            response = try await responder.respond(to: httpRequest, context: RouteFuzzContext(source: .init()))
        } catch {
            return RouteFuzzReply(path: request.path, status: 0, code: nil, message: "\(error)")
        }
        let collected = BodyCollector()
        try? await response.body.write(collected)
        var code: Int64?
        var message = ""
        if case .object(let envelope)? = try? JSONParser.parse(collected.bytes, maxDepth: 64) {
            if case .int(let value)? = envelope["code"] { code = value }
            message = envelope["message"]?.stringValue ?? ""
        }
        return RouteFuzzReply(path: request.path, status: Int(response.status.code), code: code, message: message)
    }

    func close() async { await database.close() }
}

/// A request context without a channel: a silent logger carrying the request id the gate reads.
struct RouteFuzzContext: RequestContext {
    struct Source: RequestContextSource {
        var logger: Logger = {
            var logger = Logger(label: "quiver.route-fuzz") { _ in SilentLogHandler() }
            logger[metadataKey: "hb.request.id"] = "fuzz"
            return logger
        }()
    }

    /// Prints nothing but keeps metadata (SwiftLogNoOpLogHandler drops it, and `context.id`
    /// force-unwraps the request id).
    struct SilentLogHandler: LogHandler {
        var metadata = Logger.Metadata()
        var logLevel = Logger.Level.critical

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {}
    }

    var coreContext: CoreRequestContextStorage

    init(source: Source) { coreContext = CoreRequestContextStorage(source: source) }
}

/// Collects a response body; a class so the bytes outlive the consumed writer.
private final class BodyCollector: ResponseBodyWriter, @unchecked Sendable {
    var bytes: [UInt8] = []

    func write(_ buffer: ByteBuffer) async throws { bytes += buffer.readableBytesView }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
