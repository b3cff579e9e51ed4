// MilvusGRPCServer: the gRPC half of `quiver serve`, as a Service in Hummingbird's ServiceGroup:
// a grpc-swift GRPCServer over HTTP2ServerTransport.Custom fed by GRPCConnectionBridge (no port
// of its own), serving MilvusGRPCService behind GRPCAuthentication, with the settings REST has:
//   - request messages are capped at `maxBodyByteCount` (the REST body cap); a larger one fails
//     with RESOURCE_EXHAUSTED naming both sizes, before it is read (RequestMessageCap; the
//     transport's own limit, the same, stays as a backstop). Replies are not capped: Milvus clients accept any size (pymilvus sets no limit) and a reply
//     is bounded by what the request may ask for (top-k, rows, output fields);
//   - keepalive: clients may ping without calls in flight, every 5 s at most often (pymilvus
//     pings every 10 s with `keepalive_permit_without_calls`; grpc-swift's default, 5 minutes
//     and no pings without calls, would answer its second ping with GOAWAY).
// Life: the Application runs it beside the HTTP server and starts the HTTP server only once the
// transport listens (`beforeServerStarts`), so no connection ever waits for it. On graceful
// shutdown the ServiceGroup stops services in reverse order: first the HTTP server (it stops
// accepting and drains both kinds of connection), then this one, whose transport then has no
// connection left and returns; the caller closes the database after both.
// Invariants: `bridge.stop()` runs whenever `run` returns, so a connection never waits for a
// transport that is gone.

import GRPCCore
import GRPCNIOTransportHTTP2
import NIOCore
import ServiceLifecycle

struct MilvusGRPCServer: Service {
    let bridge: GRPCConnectionBridge
    private let server: GRPCServer<HTTP2ServerTransport.Custom<GRPCConnectionBridge>>

    /// Minimum interval between client pings without calls in flight.
    static let minimumPingIntervalWithoutCalls = Duration.seconds(5)

    init(state: ServerState, configuration: ServerConfiguration, eventLoopGroup: any EventLoopGroup) {
        let bridge = GRPCConnectionBridge(eventLoopGroup: eventLoopGroup)
        let transport = HTTP2ServerTransport.Custom(listenerFactory: bridge, config: Self.transportConfig(configuration))
        self.bridge = bridge
        self.server = GRPCServer(
            transport: transport,
            services: [MilvusGRPCService(state: state, limits: configuration.limits), MilvusUnservedMethods()],
            interceptors: [GRPCAuthentication(token: configuration.token)])
    }

    /// The transport settings derived from the server's (see the header).
    static func transportConfig(_ configuration: ServerConfiguration) -> HTTP2ServerTransport.Custom<GRPCConnectionBridge>.Config {
        var config = HTTP2ServerTransport.Custom<GRPCConnectionBridge>.Config.defaults
        let cap = configuration.maxBodyByteCount
        config.rpc.maxRequestPayloadSize = cap
        config.channelDebuggingCallbacks.onAcceptHTTP2Stream = { stream in
            stream.eventLoop.makeCompletedFuture {
                try stream.pipeline.syncOperations.addHandler(RequestMessageCap(cap: cap), position: .first)
            }
        }
        config.connection.keepalive.clientBehavior = HTTP2ServerTransport.Config.ClientKeepaliveBehavior(
            minPingIntervalWithoutCalls: minimumPingIntervalWithoutCalls, allowWithoutCalls: true)
        return config
    }

    func run() async throws {
        defer { bridge.stop() }
        try await withGracefulShutdownHandler {
            try await server.serve()
        } onGracefulShutdown: {
            server.beginGracefulShutdown()
        }
    }
}
