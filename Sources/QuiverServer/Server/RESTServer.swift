// RESTServer: the public face of QuiverServer. `makeRouter` builds the routes over an open
// Database (tests drive it in process); `run` serves until SIGTERM or SIGINT, then lets
// in-flight requests finish (Hummingbird's graceful shutdown through ServiceGroup) and returns,
// so the caller closes the database after the last request is answered. Middleware order:
// CORS (when configured: preflights never carry a token), then the token and method gate.
// Ownership: the caller owns the Database: it opens it before and closes it after.

import Hummingbird
import Logging
import NIOCore
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

    /// Serves `database` until SIGTERM/SIGINT. `onListening` receives "host:port" once the
    /// socket is bound (port 0 resolved).
    public static func run(database: Database, configuration: ServerConfiguration, logger: Logger,
                           onListening: @escaping @Sendable (String) -> Void = { _ in }) async throws {
        let router = makeRouter(database: database, configuration: configuration)
        let app = Application(
            router: router,
            server: httpServer(configuration: configuration),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port),
                                                    serverName: nil),
            onServerRunning: { channel in
                let address = channel.localAddress
                let host = address?.ipAddress ?? configuration.host
                let port = address?.port ?? configuration.port
                onListening(host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)")
            },
            logger: logger)
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}
