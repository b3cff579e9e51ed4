// ServerClient: the torture worker's HTTP/1.1 client for `quiver serve` on 127.0.0.1 (server
// mode). One blocking request per connection (`Connection: close`), the response read to EOF and
// its body parsed as the Milvus envelope {"code":..,"data":..}.
// Invariants: any transport failure (refused, reset, EOF before a whole response) is ServerGone,
// which the worker treats as "the server was killed", never as an answer; a receive timeout
// bounds a hung server.
// Ownership: one worker task; no shared state.

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The server did not answer: killed, or not listening.
struct ServerGone: Error, CustomStringConvertible {
    let description: String
}

struct ServerClient {
    let port: Int

    /// POSTs `body` (a JSON object) to /v2/vectordb/<route>; returns the envelope, or throws
    /// ServerGone. A non-zero code is returned, not thrown: the caller decides.
    func post(_ route: String, _ body: [String: Any]) throws -> [String: Any] {
        let bodyBytes = Array(try JSONSerialization.data(withJSONObject: body))
        let head = "POST /v2/vectordb/\(route) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(bodyBytes.count)\r\n\r\n"
        let response = try exchange(Array(head.utf8) + bodyBytes)
        guard let split = Self.headEnd(response) else { throw ServerGone(description: "no complete response (\(response.count) bytes)") }
        guard let envelope = try? JSONSerialization.jsonObject(with: Data(response[split...])) as? [String: Any] else {
            throw ServerGone(description: "response body is not a JSON object")
        }
        return envelope
    }

    private func exchange(_ request: [UInt8]) throws -> [UInt8] {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ServerGone(description: "socket: errno \(errno)") }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 120, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw ServerGone(description: "connect: errno \(errno)") }
        var offset = 0
        while offset < request.count {
            let written = request[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 {
                if errno == EINTR { continue }
                throw ServerGone(description: "send: errno \(errno)")
            }
            offset += written
        }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(descriptor, &chunk, chunk.count, 0)
            if count > 0 { received += chunk[0..<count]; continue }
            if count == 0 { return received }
            if errno == EINTR { continue }
            throw ServerGone(description: "recv: errno \(errno)")
        }
    }

    /// The offset of the body: just past the blank line that ends the head.
    private static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4) where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index + 4
        }
        return nil
    }
}
