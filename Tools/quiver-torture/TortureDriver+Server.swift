// Server mode (`--mode server`): each cycle starts `quiver serve` on the data directory (port 0,
// 127.0.0.1), a ServerWorker that sends the workload to it over HTTP (a GRPCWorker over Milvus
// gRPC with --mode grpc), and SIGKILLs the server
// after a seeded number of acknowledgements plus a seeded delay (0 acknowledgements: while it
// opens and recovers). The client is stopped next; its lines are replayed like a worker's, and
// recovery is checked on the directory exactly as in process mode.
// Ownership: the driver's task; both children are reaped before the cycle's checks.

import Foundation

extension TortureDriver {
    /// `quiver` beside this tool.
    static var defaultQuiverBinary: String {
        URL(fileURLWithPath: WorkerProcess.executablePath).deletingLastPathComponent().appendingPathComponent("quiver").path
    }

    func runServer(binary: String, startStep: Int, ackTarget: Int, delayMicroseconds: Int) async throws -> WorkerRun {
        let server = try WorkerProcess(arguments: ["serve", "--data", data, "--port", "0"], executable: binary)
        var run = WorkerRun()
        var client: WorkerProcess?
        if ackTarget == 0 {
            try await Task.sleep(for: .microseconds(delayMicroseconds))
        } else {
            let started = try await server.wait { lines in Self.port(in: lines) != nil }
            guard started == .reached, let port = Self.port(in: server.output.lines) else {
                _ = try await server.killAndReap()
                run.unexpectedExit = "quiver serve did not report its port (\(server.exitDescription)): \(server.output.stderrTail.suffix(600))"
                return run
            }
            let worker = try WorkerProcess(arguments: ["worker", "--data", data, "--seed", "\(seed)", "--start-step", "\(startStep)",
                                                       "--batch-rows", "\(workload.maxBatchRows)", "--server-port", "\(port)"]
                                       + (usesGRPC ? ["--grpc"] : []))
            client = worker
            let waited = try await worker.wait { lines in lines.count(where: { $0.hasPrefix("{\"step\"") }) >= ackTarget }
            if waited == .reached { try await Task.sleep(for: .microseconds(delayMicroseconds)) }
            if waited == .stalled { run.hang = "the server client printed nothing for 120 s (hung); last lines \(worker.output.lines.suffix(3))" }
        }
        run.killed = try await server.killAndReap()
        if let client {
            _ = try await client.killAndReap()
            run.lines = client.output.lines
        }
        if !run.killed {
            run.unexpectedExit = "quiver serve exited by itself with \(server.exitDescription): \(server.output.stderrTail.suffix(600))"
        }
        return run
    }

    /// The port in `quiver serve`'s {"listening":"127.0.0.1:N"} line.
    static func port(in lines: [String]) -> Int? {
        guard let line = lines.first(where: { $0.contains("\"listening\"") }),
              let colon = line.lastIndex(of: ":") else { return nil }
        return Int(line[line.index(after: colon)...].prefix(while: \.isNumber))
    }
}
