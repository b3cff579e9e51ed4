// A measurement, not a test: the latency of one unary gRPC call (GetVersion) through the shared
// port (RESTServer.run: Hummingbird accepts, ProtocolSniffer, GRPCConnectionBridge) against the
// same service on grpc-swift's own listener (HTTP2ServerTransport.Posix on a port of its own),
// both in this process over loopback, one connection each, calls one after another. Prints the
// median and the 90th percentile of `callCount` calls per round; asserts nothing about time.
// Run: QUIVER_GRPC_BENCH=1 swift test --skip-build --filter GRPCLatencyBenchmark
// (a debug build unless built with -c release).

import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Quiver
import QuiverGRPC
@testable import QuiverServer
import Testing

@Suite struct GRPCLatencyBenchmark {
    static let enabled = ProcessInfo.processInfo.environment["QUIVER_GRPC_BENCH"] == "1"
    static let callCount = 2_000
    static let warmUpCount = 200

    @Test(.enabled(if: enabled, "a measurement: set QUIVER_GRPC_BENCH=1 to run it"))
    func unaryCallLatencySharedPortVersusOwnListener() async throws {
        try await LoopbackServer.with { shared in
            let configuration = ServerConfiguration()
            let state = ServerState(database: shared.database, metrics: ServerMetrics())
            let direct = GRPCServer(
                transport: HTTP2ServerTransport.Posix(address: .ipv4(host: "127.0.0.1", port: 0), transportSecurity: .plaintext,
                                                      config: .defaults),
                services: [MilvusGRPCService(state: state, limits: configuration.limits)],
                interceptors: [GRPCAuthentication(token: nil)])
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { try await direct.serve() }
                guard let directPort = try await direct.listeningAddress?.ipv4?.port else {
                    throw ServeProcessError(description: "the direct gRPC listener reported no IPv4 port")
                }
                var lines: [String] = []
                for round in 1...2 {
                    for (name, port) in [("shared port", shared.port), ("own listener", directPort)] {
                        let (median, p90) = try await Self.measure(port: port)
                        lines.append("round \(round) \(name): median \(Self.micro(median)) µs, p90 \(Self.micro(p90)) µs over \(Self.callCount) GetVersion calls")
                    }
                }
                print(lines.joined(separator: "\n"))
                direct.beginGracefulShutdown()
            }
        }
    }

    /// Median and 90th percentile of `callCount` sequential GetVersion calls on one connection.
    static func measure(port: Int) async throws -> (Duration, Duration) {
        try await GRPCTestClient.with(port: port) { milvus in
            let request = Milvus_Proto_Milvus_GetVersionRequest()
            for _ in 0..<warmUpCount { _ = try await milvus.getVersion(request) }
            let clock = ContinuousClock()
            var durations: [Duration] = []
            durations.reserveCapacity(callCount)
            for _ in 0..<callCount {
                let start = clock.now
                _ = try await milvus.getVersion(request)
                durations.append(clock.now - start)
            }
            durations.sort()
            return (durations[durations.count / 2], durations[durations.count * 9 / 10])
        }
    }

    static func micro(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.1f", Double(seconds) * 1e6 + Double(attoseconds) / 1e12)
    }
}
