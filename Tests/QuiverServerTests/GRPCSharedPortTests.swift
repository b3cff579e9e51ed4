// The shared port end to end: a real `quiver serve` child process answers Milvus gRPC (grpc-swift's
// HTTP/2 client) and REST (HTTP/1.1) on the one port it reports, as Milvus does on 19530; the
// token guards gRPC calls; a request message over the body cap fails RESOURCE_EXHAUSTED; SIGTERM
// with a gRPC client connected still drains and exits 0.
// (Methods outside the served subset answer UNIMPLEMENTED naming themselves: GRPCServiceTests.)

import Foundation
import GRPCCore
import QuiverGRPC
import Testing

@Suite struct GRPCSharedPortTests {
    static func scratchDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("quiver-grpc-\(UUID().uuidString)").path
    }

    @Test func grpcAndRESTAnswerOnTheSamePort() async throws {
        let data = Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let server = try await ServeProcess(data: data)

        let created = try server.post("collections/create", #"{"collectionName":"from_rest","dimension":4}"#)
        #expect(created.status == 200 && created.code == 0, "REST create on the shared port: \(created.text)")

        try await GRPCTestClient.with(port: server.port) { milvus in
            let options = GRPCTestClient.options
            let connected = try await milvus.connect(Milvus_Proto_Milvus_ConnectRequest(), options: options)
            #expect(connected.status.code == 0 && connected.status.errorCode == .success, "Connect: \(connected.status)")
            #expect(connected.identifier != 0)

            let version = try await milvus.getVersion(Milvus_Proto_Milvus_GetVersionRequest(), options: options)
            #expect(version.status.code == 0, "GetVersion: \(version.status)")
            #expect(version.version.hasPrefix("v2."), "GetVersion answered '\(version.version)'")

            let shown = try await milvus.showCollections(Milvus_Proto_Milvus_ShowCollectionsRequest(), options: options)
            #expect(shown.status.code == 0, "ShowCollections: \(shown.status)")
            #expect(shown.collectionNames == ["from_rest"], "ShowCollections over gRPC sees the REST-made collection")

            var describe = Milvus_Proto_Milvus_DescribeCollectionRequest()
            describe.collectionName = "from_rest"
            let described = try await milvus.describeCollection(describe, options: options)
            #expect(described.status.code == 0 && described.schema.fields.map(\.name) == ["id", "vector"], "DescribeCollection: \(described.status)")
        }

        // REST again on the same port after the gRPC connection, and /healthz by GET.
        let listed = try server.post("collections/list", "{}")
        #expect(listed.status == 200 && listed.code == 0 && listed.data == .array([.string("from_rest")]), "REST list: \(listed.text)")
        #expect(try server.get("/healthz").status == 200)

        let log = server.log
        let status = try await server.stop()
        #expect(status == 0, "quiver serve exited \(status); log:\n\(log)")
    }

    @Test func theTokenGuardsEveryGRPCCall() async throws {
        let data = Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let server = try await ServeProcess(data: data, ["--token", "root:Milvus"])

        try await GRPCTestClient.with(port: server.port) { milvus in
            let options = GRPCTestClient.options
            // Connect answers in its Status (pymilvus shows that, but hides a gRPC error of Connect).
            let missing = try await milvus.connect(Milvus_Proto_Milvus_ConnectRequest(), options: options)
            #expect(missing.status.code == 1800 && missing.status.reason.contains("authorization"),
                    "Connect without authorization: \(missing.status)")

            let wrong = await GRPCTestClient.rpcError {
                _ = try await milvus.getVersion(Milvus_Proto_Milvus_GetVersionRequest(),
                                                metadata: GRPCTestClient.authorization("root:wrong"), options: options)
            }
            #expect(wrong?.code == .unauthenticated, "GetVersion with a wrong token: \(String(describing: wrong))")

            var unencoded = Metadata()
            unencoded.addString("root:Milvus", forKey: "authorization")
            let plain = await GRPCTestClient.rpcError {
                _ = try await milvus.getVersion(Milvus_Proto_Milvus_GetVersionRequest(), metadata: unencoded, options: options)
            }
            #expect(plain?.code == .unauthenticated, "the token itself, not base64 of it: \(String(describing: plain))")

            let right = GRPCTestClient.authorization("root:Milvus")
            #expect(Array(right[stringValues: "authorization"]) == ["cm9vdDpNaWx2dXM="])
            let connected = try await milvus.connect(Milvus_Proto_Milvus_ConnectRequest(), metadata: right, options: options)
            #expect(connected.status.code == 0, "Connect with base64(root:Milvus): \(connected.status)")
            let version = try await milvus.getVersion(Milvus_Proto_Milvus_GetVersionRequest(), metadata: right, options: options)
            #expect(!version.version.isEmpty)
        }

        // REST on the same server still wants the bearer token.
        #expect(try server.post("collections/list", "{}").code != 0)
        #expect(try server.post("collections/list", "{}", headers: ["Authorization": "Bearer root:Milvus"]).code == 0)
        _ = try await server.stop()
    }

    @Test func aRequestMessageOverTheBodyCapIsResourceExhausted() async throws {
        let data = Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let server = try await ServeProcess(data: data, ["--max-body-bytes", "100000"])

        try await GRPCTestClient.with(port: server.port) { milvus in
            // 60 kB: under the cap, and over several 16 KiB HTTP/2 DATA frames.
            var under = Milvus_Proto_Milvus_ConnectRequest()
            under.clientInfo.host = String(repeating: "h", count: 60_000)
            let accepted = try await milvus.connect(under, options: GRPCTestClient.options)
            #expect(accepted.status.code == 0, "a 60 kB message under a 100 kB cap: \(accepted.status)")

            var over = Milvus_Proto_Milvus_ConnectRequest()
            over.clientInfo.host = String(repeating: "h", count: 200_000)
            let refused = await GRPCTestClient.rpcError {
                _ = try await milvus.connect(over, options: GRPCTestClient.options)
            }
            #expect(refused?.code == .resourceExhausted, "a 200 kB message to a 100 kB cap: \(String(describing: refused))")
            #expect(refused?.message.contains("100000") == true, "the error names the cap: \(String(describing: refused))")

            // The connection and the server stay usable.
            let version = try await milvus.getVersion(Milvus_Proto_Milvus_GetVersionRequest(), options: GRPCTestClient.options)
            #expect(version.status.code == 0)
        }
        _ = try await server.stop()
    }

    @Test func sigtermWithAGRPCClientConnectedDrainsAndExitsZero() async throws {
        let data = Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let server = try await ServeProcess(data: data)

        let status = try await GRPCTestClient.with(port: server.port) { milvus in
            let connected = try await milvus.connect(Milvus_Proto_Milvus_ConnectRequest(), options: GRPCTestClient.options)
            #expect(connected.status.code == 0)
            // The client's connection is open and idle while the server is told to stop.
            return try await server.stop(with: SIGTERM)
        }
        #expect(status == 0, "quiver serve exited \(status) on SIGTERM with a gRPC client connected")
    }
}
