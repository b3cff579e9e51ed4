// quiver serve: the REST daemon speaking the Milvus RESTful API v2 (QuiverServer). Prints one
// JSON line `{"listening":"host:port"}` on stdout once the socket is bound (with --port 0 the
// port the system picked); logs go to stderr. SIGTERM/SIGINT drain requests, close the database
// and exit 0; a data directory held by another process exits 3.

import ArgumentParser
import Quiver
import QuiverServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the Milvus RESTful API v2 over HTTP.")

    @Option(name: .long, help: "The data directory of the database.")
    var data = "./quiver-data"

    @Option(name: .long, help: "The address to bind (0.0.0.0 exposes the server to the network).")
    var host = "127.0.0.1"

    @Option(name: .long, help: "The TCP port (0 picks a free one).")
    var port = ServerConfiguration.defaultPort

    @Option(name: .long, help: "Require 'Authorization: Bearer <token>' on every route but /healthz, e.g. user:password.")
    var token: String?

    @Option(name: .customLong("max-body-bytes"), help: "The largest request body accepted.")
    var maxBodyBytes = ServerConfiguration.defaultMaxBodyByteCount

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be in 0...65535") }
        guard maxBodyBytes > 0 else { throw ValidationError("--max-body-bytes must be positive") }
        if let token, token.isEmpty { throw ValidationError("--token must not be empty") }
    }

    func run() async throws {
        let configuration = ServerConfiguration(host: host, port: port, token: token, maxBodyByteCount: maxBodyBytes)
        try await RESTServer.serve(dataDirectory: data, configuration: configuration) { address in
            Output.line(JSONText.object([("listening", JSONText.string(address))]))
        }
    }
}
