// RESTServer: the public face of QuiverServer. `makeRouter` builds the routes over an open
// Database (tests drive it in process); `run` serves REST and Milvus gRPC on one port until
// SIGTERM or SIGINT, then lets in-flight requests and calls finish (Hummingbird's graceful
// shutdown through ServiceGroup, which drains both; GRPC/Transport/) and returns, so the caller
// closes the database after the last request is answered. REST and gRPC share one ServerMetrics.
// Middleware order: CORS (when configured: preflights never carry a token), then the token and
// method gate.
// Ownership: the caller owns the Database: it opens it before and closes it after.

import Hummingbird
import Logging
import NIOCore
import NIOPosix
import Quiver

/// The Milvus RESTful API v2 over a `Database`: the router, and `serve` for the daemon.
public enum RESTServer {
    /// The router of every route in `APIRoutes.all`, /healthz and /metrics.
    public static func makeRouter(database: Database, configuration: ServerConfiguration = ServerConfiguration(),
                                  metrics: ServerMetrics = ServerMetrics()) -> Router<BasicRequestContext> {
        makeRouter(database: database, configuration: configuration, metrics: metrics, routes: APIRoutes.all)
    }

    /// The same over any route table (tests add routes that exercise the responder).
    static func makeRouter(database: Database, configuration: ServerConfiguration, metrics: ServerMetrics,
                           routes: [APIRoute]) -> Router<BasicRequestContext> {
        makeRouter(context: BasicRequestContext.self, database: database, configuration: configuration, metrics: metrics,
                   routes: routes)
    }

    /// The same router over any request context: the route fuzzer drives it without a channel.
    static func makeRouter<Context: RequestContext>(context: Context.Type, database: Database,
                                                    configuration: ServerConfiguration, metrics: ServerMetrics,
                                                    routes: [APIRoute]) -> Router<Context> {
        let state = ServerState(database: database, metrics: metrics)
        metrics.observe(database.events)
        let router = Router(context: Context.self)
        if !configuration.corsOrigins.isEmpty {
            router.add(middleware: CORSGate<Context>(policy: CORSPolicy(origins: configuration.corsOrigins)))
        }
        router.add(middleware: RequestGate<Context>(token: configuration.token, metrics: metrics))
        let responder = RouteResponder(state: state, configuration: configuration)
        for route in routes {
            router.post(RouterPath(route.path)) { request, context in
                await responder.respond(to: route, request: request, context: context)
            }
        }
        OperationsRoutes.register(on: router, state: state)
        return router
    }

    /// The paths of the API routes (each served by POST), for documentation checks.
    public static var apiPaths: [String] { APIRoutes.all.map(\.path) }

    /// Serves `database` until SIGTERM/SIGINT: REST and Milvus gRPC on the one port (SharedPortChannel).
    /// `onListening` receives "host:port" once the socket is bound (port 0 resolved) and gRPC is ready.
    public static func run(database: Database, configuration: ServerConfiguration, logger: Logger,
                           onListening: @escaping @Sendable (String) -> Void = { _ in }) async throws {
        let metrics = ServerMetrics()
        let router = makeRouter(database: database, configuration: configuration, metrics: metrics)
        let eventLoopGroup = MultiThreadedEventLoopGroup.singleton
        let grpc = MilvusGRPCServer(state: ServerState(database: database, metrics: metrics), configuration: configuration,
                                    eventLoopGroup: eventLoopGroup)
        var app = Application(
            router: router,
            server: .sharedPort(http1: http1Configuration(configuration), grpc: grpc.bridge,
                                sniffTimeout: readTimeout(configuration)),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port),
                                                    serverName: nil),
            onServerRunning: { channel in
                let address = channel.localAddress
                let host = address?.ipAddress ?? configuration.host
                let port = address?.port ?? configuration.port
                onListening(host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)")
            },
            eventLoopGroupProvider: .shared(eventLoopGroup),
            logger: logger)
        // Services stop in reverse order: the HTTP server (which drains both protocols' connections)
        // before the gRPC server; the HTTP server binds only once gRPC can take connections.
        app.addServices(grpc)
        app.beforeServerStarts { try await grpc.bridge.waitUntilListening() }
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}
