// quiver serve: the REST daemon speaking the Milvus RESTful API v2 (QuiverServer). Settings come
// from built-in defaults, then `--config FILE` (JSON; docs/CONFIGURATION.md), then the flags
// given here, each overriding the one before; a bad value in either names its source, key, value
// and range (exit 1). Prints one JSON line `{"listening":"host:port"}` on stdout once the socket
// is bound (with --port 0 the port the system picked); logs go to stderr. SIGTERM/SIGINT drain
// requests, close the database and exit 0; a data directory held by another process exits 3.

import ArgumentParser
import Foundation
import Quiver
import QuiverServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the Milvus RESTful API v2 over HTTP.")

    @Option(name: .long, help: "A JSON settings file (docs/CONFIGURATION.md); flags override it.")
    var config: String?

    @Option(name: .long, help: "The data directory of the database (default ./quiver-data).")
    var data: String?

    @Option(name: .long, help: "The address to bind (default 127.0.0.1; 0.0.0.0 exposes the server to the network).")
    var host: String?

    @Option(name: .long, help: "The TCP port (default 19530; 0 picks a free one).")
    var port: String?

    @Option(name: .long, help: "Require 'Authorization: Bearer <token>' on every route but /healthz, e.g. user:password.")
    var token: String?

    @Option(name: .customLong("max-body-bytes"), help: "The largest request body accepted (default 64 MiB).")
    var maxBodyBytes: String?

    @Option(name: .customLong("cors-origin"), help: "A browser origin allowed to call the API (repeatable; '*' for any).")
    var corsOrigins: [String] = []

    @Option(name: .customLong("request-timeout"), help: "Seconds an API request may run without a Request-Timeout header (default 30).")
    var requestTimeout: String?

    @Option(name: .customLong("request-read-timeout"), help: "Seconds a client may take to send one request, or leave a connection idle (default 30).")
    var requestReadTimeout: String?

    @Option(name: .customLong("background-compaction"), help: "true or false: merge segments and build indexes in the background (default true).")
    var backgroundCompaction: String?

    /// Defaults, then the config file, then the flags.
    func settings() throws -> ServeSettings {
        var settings = ServeSettings()
        if let config {
            let bytes: [UInt8]
            do {
                bytes = Array(try Data(contentsOf: URL(fileURLWithPath: config)))
            } catch {
                throw ValidationError("config file '\(config)' cannot be read: \(error.localizedDescription)")
            }
            try settings.apply(configFileText: bytes, path: config)
        }
        let flags: [(String, ServeSettings.Key, String?)] = [
            ("--data", .data, data), ("--host", .host, host), ("--port", .port, port), ("--token", .token, token),
            ("--max-body-bytes", .maxBodyBytes, maxBodyBytes), ("--request-timeout", .requestTimeoutSeconds, requestTimeout),
            ("--request-read-timeout", .requestReadTimeoutSeconds, requestReadTimeout),
            ("--background-compaction", .backgroundCompaction, backgroundCompaction),
        ]
        for (flag, key, text) in flags {
            if let text { try settings.set(flag: flag, key: key, text: text) }
        }
        if !corsOrigins.isEmpty { try settings.set(flag: "--cors-origin", key: .corsOrigins, texts: corsOrigins) }
        return settings
    }

    func run() async throws {
        try await RESTServer.serve(settings: try settings()) { address in
            Output.json(["listening": .string(address)])
        }
    }
}
