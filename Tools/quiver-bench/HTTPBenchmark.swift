// quiver-bench http (or grpc): `quiver serve` measured over loopback REST and Milvus gRPC (the
// same port), next to the same searches run in process, so the cost of each door per request is
// visible. Steps: start `quiver serve` on
// 127.0.0.1 with a scratch directory (or use --url), quick-create a collection (AUTOINDEX =
// HNSW, COSINE), insert --count vectors in --batch rows per request over one keep-alive
// connection (insert vectors/s), flush, compact and wait for the index; then for each
// --clients level run keep-alive clients (one thread each) searching for --seconds; then stop
// the same levels of gRPC clients (each its own HTTP/2 connection, Search as pymilvus sends it);
// then stop the server (SIGTERM flushes) and run the same searches in process on the same directory with
// as many concurrent tasks. One JSON line per measurement on stdout; progress on stderr.
// Traffic goes only to 127.0.0.1.

import ArgumentParser
import Foundation
import Quiver
import QuiverHarness
import Synchronization

struct HTTPBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "http", abstract: "Insert and search over REST and gRPC vs in process.",
                                                    aliases: ["grpc"])

    @Option var count = 20_000
    @Option var dim = 128
    @Option(help: "rows per insert request") var batch = 500
    @Option(help: "seconds per concurrency level") var seconds = 10.0
    @Option(help: "comma-separated client counts") var clients = "1,8,32"
    @Option var k = 10
    @Option var ef = 64
    @Option(help: "an already running server, http://127.0.0.1:PORT (no in-process comparison then)") var url: String?
    @Option(help: "the quiver binary (default: next to quiver-bench)") var quiver: String?

    static let collection = "bench"

    func run() async throws {
        let levels = clients.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.filter { $0 > 0 }
        guard !levels.isEmpty else { throw ValidationError("--clients must list positive counts, e.g. 1,8,32") }
        let data = Bench.scratchDirectory("http")
        defer { Bench.remove(data) }
        var server: ChildProcess?
        let port: Int
        if let url {
            guard url.hasPrefix("http://127.0.0.1:"), let given = Int(url.dropFirst("http://127.0.0.1:".count).prefix { $0.isNumber }) else {
                throw ValidationError("--url must be http://127.0.0.1:PORT (the benchmark only talks to loopback)")
            }
            port = given
        } else {
            let started = try ChildProcess.startServe(binary: quiver ?? BuiltExecutable.path(of: "quiver"), data: data,
                                                      ["--host", "127.0.0.1"])
            guard let listening = try await started.waitForListeningPort() else {
                throw HTTPBenchError(description: "quiver serve did not report its port: \(started.output.stderrTail.suffix(600))")
            }
            server = started
            port = listening
        }
        Bench.progress("server on 127.0.0.1:\(port)")
        Bench.progressDone()
        let client = try LoopbackHTTPClient(port: port, connectionUse: .keptAlive, receiveTimeoutSeconds: 60)
        _ = try? Self.call(client, "collections/drop", #"{"collectionName":"\#(Self.collection)"}"#)
        try Self.call(client, "collections/create", #"{"collectionName":"\#(Self.collection)","dimension":\#(dim)}"#)
        let vectors = Bench.gaussianVectors(count: count, dimension: dim, seed: 1)
        try insert(vectors, over: client)
        try Self.call(client, "collections/flush", #"{"collectionName":"\#(Self.collection)"}"#)
        try Self.call(client, "collections/compact", #"{"collectionName":"\#(Self.collection)"}"#)
        try waitForIndex(client)

        let queries = Bench.gaussianVectors(count: 1000, dimension: dim, seed: 2)
        let queryVectors = (0..<1000).map { Array(queries[($0 * dim)..<(($0 + 1) * dim)]) }
        let bodies = queryVectors.map { vector in
            Array(#"{"collectionName":"\#(Self.collection)","data":[[\#(vector.map { "\($0)" }.joined(separator: ","))]],"limit":\#(k),"searchParams":{"params":{"ef":\#(ef)}}}"#.utf8)
        }
        _ = try LoadRun.http(clients: 1, seconds: min(1, seconds), port: port, bodies: bodies)   // warm-up
        var httpResults: [Int: LoadRun.Result] = [:]
        for level in levels {
            Bench.progress("http search: \(level) clients for \(seconds) s")
            let result = try LoadRun.http(clients: level, seconds: seconds, port: port, bodies: bodies)
            httpResults[level] = result
            Bench.progressDone()
            Bench.emit(result.fields(mode: "http", clients: level, k: k, ef: ef))
        }
        let grpcRequests = try queryVectors.map { try GRPCLoad.searchRequest(collection: Self.collection, vector: $0, k: k, ef: ef) }
        _ = try await GRPCLoad.search(clients: 1, seconds: min(1, seconds), port: port, requests: grpcRequests)   // warm-up
        var grpcResults: [Int: LoadRun.Result] = [:]
        for level in levels {
            Bench.progress("grpc search: \(level) clients for \(seconds) s")
            let result = try await GRPCLoad.search(clients: level, seconds: seconds, port: port, requests: grpcRequests)
            grpcResults[level] = result
            Bench.progressDone()
            Bench.emit(result.fields(mode: "grpc", clients: level, k: k, ef: ef))
        }
        guard let server else { return }
        server.kill(signal: SIGTERM)   // drain, flush, close
        _ = try await server.waitForExit()

        let db = try await Database.open(at: data)
        let collection = try db.collection(Self.collection)
        _ = try await LoadRun.inProcess(clients: 1, seconds: min(1, seconds), collection: collection, queries: queryVectors, k: k, ef: ef)
        for level in levels {
            Bench.progress("in-process search: \(level) tasks for \(seconds) s")
            let result = try await LoadRun.inProcess(clients: level, seconds: seconds, collection: collection,
                                                      queries: queryVectors, k: k, ef: ef)
            Bench.progressDone()
            var fields = result.fields(mode: "in_process", clients: level, k: k, ef: ef)
            if let http = httpResults[level] {
                fields["http_overhead_p50_ms"] = Bench.round(http.p50Ms - result.p50Ms, 3)
                fields["http_qps_fraction"] = Bench.round(http.qps / max(result.qps, 1e-9), 3)
            }
            if let grpc = grpcResults[level] {
                fields["grpc_overhead_p50_ms"] = Bench.round(grpc.p50Ms - result.p50Ms, 3)
                fields["grpc_qps_fraction"] = Bench.round(grpc.qps / max(result.qps, 1e-9), 3)
            }
            Bench.emit(fields)
        }
        await db.close()
    }

    func insert(_ vectors: [Float], over client: LoopbackHTTPClient) throws {
        let clock = ContinuousClock()
        var elapsed = Duration.zero
        for start in stride(from: 0, to: count, by: batch) {
            let end = min(start + batch, count)
            var body = #"{"collectionName":"\#(Self.collection)","data":["#
            for row in start..<end {
                if row > start { body += "," }
                body += #"{"id":\#(row),"vector":["# + vectors[(row * dim)..<((row + 1) * dim)].map { "\($0)" }.joined(separator: ",") + "]}"
            }
            body += "]}"
            let bytes = Array(body.utf8)
            let began = clock.now
            try Self.call(client, "entities/insert", bytes)
            elapsed += clock.now - began
            Bench.progress("http insert: \(end)/\(count)")
        }
        Bench.progressDone()
        let secondsTaken = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        Bench.emit(["benchmark": "http_insert", "count": count, "dim": dim, "batch": batch,
                    "seconds": Bench.round(secondsTaken, 3), "vectors_per_s": Int(Double(count) / secondsTaken)])
    }

    func waitForIndex(_ client: LoopbackHTTPClient) throws {
        for attempt in 0..<1200 {
            let reply = try Self.call(client, "indexes/describe", #"{"collectionName":"\#(Self.collection)","indexName":"vector"}"#)
            let text = String(decoding: reply, as: UTF8.self)
            // Finished: every segment of at least the build threshold (10,000 rows) has its index;
            // smaller data is searched exactly and is finished at once.
            if text.contains(#""indexState":"Finished""#) { return }
            Bench.progress("waiting for the index (\(attempt / 2) s)")
            Thread.sleep(forTimeInterval: 0.5)
        }
        throw HTTPBenchError(description: "the index did not finish within 600 s")
    }

    @discardableResult
    static func call(_ client: LoopbackHTTPClient, _ route: String, _ body: String) throws -> [UInt8] {
        try call(client, route, Array(body.utf8))
    }

    @discardableResult
    static func call(_ client: LoopbackHTTPClient, _ route: String, _ body: [UInt8]) throws -> [UInt8] {
        let reply = try client.send("POST", "/v2/vectordb/\(route)", body: body)
        guard reply.status == 200, reply.body.starts(with: Array(#"{"code":0"#.utf8)) else {
            throw HTTPBenchError(description: "\(route): HTTP \(reply.status) \(String(decoding: reply.body.prefix(300), as: UTF8.self))")
        }
        return reply.body
    }
}

/// A benchmark over `quiver serve` failed: the server, a reply, or the index wait.
struct HTTPBenchError: Error, CustomStringConvertible {
    let description: String
}
