// LoopbackServer: the real HTTP server (RESTServer.run: sockets, Hummingbird's HTTP/1.1 pipeline,
// the read deadline) in this process on a free 127.0.0.1 port, over a fresh database in a
// temporary directory. Unlike ServeProcess it takes any ServerConfiguration (a short read timeout,
// small caps) and lets the test look at the database directly, to prove a refused request changed
// nothing.
// Ownership: one test task; `stop()` cancels the server (a graceful shutdown), then closes the
// database and removes the directory.

import Foundation
import Logging
import Quiver
import QuiverHarness
@testable import QuiverServer
import Synchronization

final class LoopbackServer: Sendable {
    let database: Database
    let directory: String
    let port: Int
    private let task: Task<Void, any Error>

    init(configuration: ServerConfiguration) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("quiver-loopback-\(UUID().uuidString)").path
        database = try await Database.open(at: directory)
        var configuration = configuration
        configuration.host = "127.0.0.1"
        configuration.port = 0
        let address = Mutex<String?>(nil)
        var logger = Logger(label: "quiver.loopback-test")
        logger.logLevel = .critical
        task = Task { [database, configuration, logger] in
            try await RESTServer.run(database: database, configuration: configuration, logger: logger) { bound in
                address.withLock { $0 = bound }
            }
        }
        let deadline = Date().addingTimeInterval(120)
        var bound: String?
        while bound == nil, Date() < deadline {
            try await Task.sleep(for: .milliseconds(5))
            bound = address.withLock { $0 }
        }
        guard let bound, let port = bound.split(separator: ":").last.flatMap({ Int($0) }) else {
            task.cancel()
            throw ServeProcessError(description: "the loopback server never reported its address")
        }
        self.port = port
    }

    /// POSTs `body` to `/v2/vectordb/<route>` (or to `route` when it starts with "/").
    func post(_ route: String, _ body: String?, headers: [String: String] = [:]) async throws -> LoopbackHTTPReply {
        let port = self.port
        return try await Self.offThePool {
            try LoopbackHTTPClient(port: port).send("POST", route.hasPrefix("/") ? route : "/v2/vectordb/\(route)",
                                                    body: body.map { Array($0.utf8) }, headers: headers)
        }
    }

    /// Any request, e.g. GET /metrics or a body longer than declared.
    func send(method: String, path: String, body: String? = nil, headers: [String: String] = [:],
              declaredContentLength: Int? = nil, contentType: String? = "application/json",
              keepAlive: Bool = false) async throws -> LoopbackHTTPReply {
        let port = self.port
        return try await Self.offThePool {
            // Generous: CI runs index tests beside these. Without `Connection: close` the reply is
            // read until the server closes, so the timeout is what a test of that close waits at most.
            try LoopbackHTTPClient(port: port, connectionUse: keepAlive ? .closedByServer : .closedAfterEachRequest,
                                   receiveTimeoutSeconds: keepAlive ? 30 : 120)
                .send(method, path, body: body.map { Array($0.utf8) }, headers: headers, contentType: contentType,
                      declaredContentLength: declaredContentLength)
        }
    }

    /// Runs blocking socket code on a thread of its own. On the cooperative pool (two threads on a
    /// small machine) a blocked client would starve the in-process server's handlers: a deadlock.
    static func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result(catching: body)) }
        }
    }

    func stop() async {
        task.cancel()
        _ = await task.result
        await database.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs `body` against a fresh server and always stops it.
    static func with(_ configuration: ServerConfiguration = ServerConfiguration(),
                     _ body: (LoopbackServer) async throws -> Void) async throws {
        let server = try await LoopbackServer(configuration: configuration)
        do {
            try await body(server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
