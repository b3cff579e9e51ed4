// ServerConfiguration: what `quiver serve` was told: where to listen, the token guarding every
// route, and the caps on request size. Defaults are the safe ones: loopback only, 64 MB bodies.

public struct ServerConfiguration: Sendable {
    /// The address to bind. 127.0.0.1 unless told otherwise; 0.0.0.0 exposes the server.
    public var host: String
    /// The TCP port; 0 picks a free one (the bound port is reported through `onListening`).
    public var port: Int
    /// When set, every route but /healthz requires `Authorization: Bearer <token>`.
    public var token: String?
    /// The largest request body accepted; larger ones are refused before they are read.
    public var maxBodyByteCount: Int
    public var limits: RequestLimits
    /// How long a client may take to send one request, head and body (RequestReadDeadline.swift);
    /// also how long a connection may sit idle.
    public var requestReadTimeout: Duration = .seconds(30)

    public static let defaultPort = 19530
    public static let defaultMaxBodyByteCount = 64 * 1024 * 1024

    public init(host: String = "127.0.0.1", port: Int = ServerConfiguration.defaultPort, token: String? = nil,
                maxBodyByteCount: Int = ServerConfiguration.defaultMaxBodyByteCount, limits: RequestLimits = RequestLimits()) {
        self.host = host
        self.port = port
        self.token = token
        self.maxBodyByteCount = maxBodyByteCount
        self.limits = limits
    }
}
