// GRPCTestClient: grpc-swift's real client (HTTP/2 in cleartext, GRPCNIOTransportHTTP2's Posix
// transport, as pymilvus connects) to a `quiver serve` on 127.0.0.1, with the Milvus stubs, plus
// a raw socket for bytes no client library would send (a stalled or diverging preface).
// Bounds: every call has a deadline (CallOptions.timeout), raw reads a receive timeout; tests
// assert on outcomes, never on how long they took.

import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import QuiverGRPC
#if canImport(Glibc)
import Glibc
#endif

enum GRPCTestClient {
    typealias Milvus = Milvus_Proto_Milvus_MilvusService.Client<HTTP2ClientTransport.Posix>

    /// Generous: the debug server shares two cores with the rest of `make test`.
    static var options: CallOptions {
        var options = CallOptions.defaults
        options.timeout = .seconds(120)
        return options
    }

    /// `authorization` as pymilvus sends it: base64 of the token.
    static func authorization(_ token: String) -> Metadata {
        var metadata = Metadata()
        metadata.addString(Data(token.utf8).base64EncodedString(), forKey: "authorization")
        return metadata
    }

    /// Runs `body` with a client connected to `port`; the connection closes when it returns.
    static func with<Result: Sendable>(port: Int, _ body: (Milvus) async throws -> Result) async throws -> Result {
        let transport = try HTTP2ClientTransport.Posix(target: .ipv4(address: "127.0.0.1", port: port),
                                                       transportSecurity: .plaintext)
        return try await withGRPCClient(transport: transport) { client in
            try await body(Milvus(wrapping: client))
        }
    }

    /// The RPCError `body` throws; fails the test (returns nil) when it succeeds or throws another error.
    static func rpcError(_ body: () async throws -> Void) async -> RPCError? {
        do {
            try await body()
            return nil
        } catch let error as RPCError {
            return error
        } catch {
            return nil
        }
    }
}

/// One TCP connection to 127.0.0.1 sending raw bytes.
final class RawConnection {
    private let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw SocketHTTPError(description: "socket: errno \(errno)") }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(descriptor)
            throw SocketHTTPError(description: "connect to port \(port): errno \(errno)")
        }
    }

    deinit { close(descriptor) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw SocketHTTPError(description: "send: errno \(errno)") }
            offset += written
        }
    }

    /// Everything the server sends until it closes the connection; nil when the receive timeout
    /// (60 s) passes first, i.e. the server held the connection open.
    func readToEnd() -> [UInt8]? {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count > 0 { received += buffer[..<count]; continue }
            if count == 0 { return received }
            if errno == EINTR { continue }
            return errno == ECONNRESET ? received : nil
        }
    }
}
