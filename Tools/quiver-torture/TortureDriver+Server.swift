// Server mode (`--mode server`): each cycle starts `quiver serve` on the data directory (port 0,
// 127.0.0.1), a ServerWorker that sends the workload to it over HTTP (a GRPCWorker over Milvus
// gRPC with --mode grpc), and SIGKILLs the server
// after a seeded number of acknowledgements plus a seeded delay (0 acknowledgements: while it
// opens and recovers). The client is stopped next; its lines are replayed like a worker's, and
// recovery is checked on the directory exactly as in process mode.
// Ownership: the driver's task; both children are reaped before the cycle's checks.

import Foundation
import QuiverHarness

extension TortureDriver {
    /// `quiver` beside this tool.
    static var defaultQuiverBinary: String { BuiltExecutable.path(of: "quiver") }

    func runServer(binary: String, startStep: Int, ackTarget: Int, delayMicroseconds: Int) async throws -> WorkerRun {
        let server = try ChildProcess.startServe(binary: binary, data: data)
        var run = WorkerRun()
        var client: ChildProcess?
        if ackTarget == 0 {
            try await Task.sleep(for: .microseconds(delayMicroseconds))
        } else {
            guard let port = try await server.waitForListeningPort() else {
                let exit = try await server.killAndReap()
                run.unexpectedExit = "quiver serve did not report its port (\(exit)): \(server.output.stderrTail.suffix(600))"
                return run
            }
            let worker = try ChildProcess(BuiltExecutable.current, ["worker", "--data", data, "--seed", "\(seed)", "--start-step", "\(startStep)",
                                                       "--batch-rows", "\(workload.maxBatchRows)", "--server-port", "\(port)"]
                                       + (usesGRPC ? ["--grpc"] : []))
            client = worker
            let waited = try await worker.waitForLines { lines in lines.count(where: { $0.hasPrefix("{\"step\"") }) >= ackTarget }
            if waited == .reached { try await Task.sleep(for: .microseconds(delayMicroseconds)) }
            if waited == .stalled { run.hang = "the server client printed nothing for 120 s (hung); last lines \(worker.lines.suffix(3))" }
        }
        let serverExit = try await server.killAndReap()
        run.killed = serverExit == .signaled(SIGKILL)
        if let client {
            _ = try await client.killAndReap()
            run.lines = client.lines
        }
        if !run.killed {
            run.unexpectedExit = "quiver serve exited by itself with \(serverExit): \(server.output.stderrTail.suffix(600))"
        }
        return run
    }
}
