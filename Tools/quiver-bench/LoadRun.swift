// LoadRun: closed-loop load for a fixed time: each client sends a request, waits for the answer,
// sends the next. HTTP clients are threads with their own keep-alive connection (blocking
// sockets); in-process clients are tasks calling `Collection.search`. Latencies are per request;
// qps counts completed requests over the wall time of the run.

import Foundation
import Quiver
import QuiverHarness
import Synchronization

enum LoadRun {
    struct Result {
        let requestCount: Int
        let seconds: Double
        let latenciesNs: [UInt64]   // sorted

        var qps: Double { Double(requestCount) / seconds }
        var p50Ms: Double { percentileMs(0.50) }
        var p99Ms: Double { percentileMs(0.99) }

        func percentileMs(_ fraction: Double) -> Double {
            guard !latenciesNs.isEmpty else { return 0 }
            let index = min(latenciesNs.count - 1, Int((Double(latenciesNs.count) * fraction).rounded(.down)))
            return Double(latenciesNs[index]) / 1e6
        }

        func fields(mode: String, clients: Int, k: Int, ef: Int) -> [String: Any] {
            ["benchmark": "http_search", "mode": mode, "clients": clients, "qps": Int(qps.rounded()),
             "p50_ms": Bench.round(p50Ms, 3), "p99_ms": Bench.round(p99Ms, 3), "requests": requestCount,
             "seconds": Bench.round(seconds, 2), "k": k, "ef": ef]
        }
    }

    static func http(clients: Int, seconds: Double, port: Int, bodies: [[UInt8]]) throws -> Result {
        let sink = Mutex<(latencies: [UInt64], error: String?)>(([], nil))
        let start = DispatchTime.now().uptimeNanoseconds
        let deadline = start + UInt64(seconds * 1e9)
        let done = DispatchGroup()
        let expected = Array(#"{"code":0"#.utf8)
        for client in 0..<clients {
            done.enter()
            Thread.detachNewThread {
                defer { done.leave() }
                var latencies: [UInt64] = []
                do {
                    let connection = try LoopbackHTTPClient(port: port, connectionUse: .keptAlive, receiveTimeoutSeconds: 60)
                    var next = client
                    while DispatchTime.now().uptimeNanoseconds < deadline {
                        let began = DispatchTime.now().uptimeNanoseconds
                        let reply = try connection.send("POST", "/v2/vectordb/entities/search", body: bodies[next % bodies.count])
                        latencies.append(DispatchTime.now().uptimeNanoseconds - began)
                        guard reply.status == 200, reply.body.starts(with: expected) else {
                            throw HTTPBenchError(description: "search: HTTP \(reply.status) \(String(decoding: reply.body.prefix(200), as: UTF8.self))")
                        }
                        next += clients
                    }
                } catch {
                    sink.withLock { $0.error = "\(error)" }
                }
                sink.withLock { $0.latencies += latencies }
            }
        }
        done.wait()
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let (latencies, error) = sink.withLock { ($0.latencies, $0.error) }
        if let error { throw HTTPBenchError(description: error) }
        return Result(requestCount: latencies.count, seconds: elapsed, latenciesNs: latencies.sorted())
    }

    static func inProcess(clients: Int, seconds: Double, collection: Quiver.Collection, queries: [[Float]],
                          k: Int, ef: Int) async throws -> Result {
        try await tasks(clients: clients, seconds: seconds) { _, loop in
            try await loop { request in _ = try await collection.search([queries[request % queries.count]], k: k, ef: ef) }
        }
    }

    /// A closed loop run by one task: sends request `n` (client, client + clients, ...) and waits
    /// for it, until the deadline; returns each request's latency in nanoseconds.
    typealias TaskLoop = ((Int) async throws -> Void) async throws -> [UInt64]

    /// `clients` tasks for `seconds`. Each task's `session` gets its index and its loop, and may
    /// set up what the loop needs first (a connection, say).
    static func tasks(clients: Int, seconds: Double,
                      session: @escaping @Sendable (Int, TaskLoop) async throws -> [UInt64]) async throws -> Result {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + .milliseconds(Int64(seconds * 1000))
        let latencies = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for client in 0..<clients {
                group.addTask {
                    try await session(client) { request in
                        var latencies: [UInt64] = []
                        var next = client
                        while clock.now < deadline {
                            let began = clock.now
                            try await request(next)
                            let taken = clock.now - began
                            latencies.append(UInt64(taken.components.seconds) * 1_000_000_000 + UInt64(taken.components.attoseconds / 1_000_000_000))
                            next += clients
                        }
                        return latencies
                    }
                }
            }
            var all: [UInt64] = []
            for try await part in group { all += part }
            return all
        }
        let elapsed = clock.now - start
        let elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Result(requestCount: latencies.count, seconds: elapsedSeconds, latenciesNs: latencies.sorted())
    }
}
