// ServerConfiguration: what the router was told: where to listen, the token guarding every
// route, the caps on request size, the browser origins allowed (CORS) and the default request
// deadline. Defaults are the safe ones: loopback only, 64 MB bodies, CORS off, 30 s (Milvus's
// default deadline). `quiver serve` fills it from ServeSettings (config file and flags).

import QuiverMilvus

/// How `quiver serve` listens and what it accepts.
public struct ServerConfiguration: Sendable, Equatable {
    /// The address to bind. 127.0.0.1 unless told otherwise; 0.0.0.0 exposes the server.
    public var host: String
    /// The TCP port; 0 picks a free one (the bound port is reported through `onListening`).
    public var port: Int
    /// When set, every route but /healthz requires `Authorization: Bearer <token>`.
    public var token: String?
    /// The largest request body accepted; larger ones are refused before they are read.
    public var maxBodyByteCount: Int
    /// Caps on what one request may ask for (rows, top-k, query vectors, filter bytes, depth).
    public var limits: RequestLimits
    /// Origins (`https://host[:port]`, or `*` for any) whose browser pages may call the API.
    /// Empty: CORS is off and no response carries CORS headers.
    public var corsOrigins: [String]
    /// How long an API request may run when it has no `Request-Timeout` header.
    public var requestTimeout: Duration
    /// How long a client may take to send one request, head and body (RequestReadDeadline.swift);
    /// also how long a connection may sit idle.
    public var requestReadTimeout: Duration = .seconds(30)

    /// Milvus's port, 19530.
    public static let defaultPort = 19530
    /// 64 MB, Milvus's body cap.
    public static let defaultMaxBodyByteCount = 64 * 1024 * 1024
    /// 30 seconds, Milvus's default deadline.
    public static let defaultRequestTimeout = Duration.seconds(30)

    /// A configuration; every default is the safe one (loopback, no CORS, Milvus's caps).
    public init(host: String = "127.0.0.1", port: Int = ServerConfiguration.defaultPort, token: String? = nil,
                maxBodyByteCount: Int = ServerConfiguration.defaultMaxBodyByteCount, limits: RequestLimits = RequestLimits(),
                corsOrigins: [String] = [], requestTimeout: Duration = ServerConfiguration.defaultRequestTimeout) {
        self.host = host
        self.port = port
        self.token = token
        self.maxBodyByteCount = maxBodyByteCount
        self.limits = limits
        self.corsOrigins = corsOrigins
        self.requestTimeout = requestTimeout
    }
}
