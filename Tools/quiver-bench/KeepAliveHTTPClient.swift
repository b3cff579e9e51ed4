// KeepAliveHTTPClient: a minimal HTTP/1.1 client for the HTTP benchmark: one TCP connection to
// 127.0.0.1 kept open across requests (keep-alive), POST with Content-Length, responses read by
// their Content-Length (what `quiver serve` always sends). Blocking POSIX calls, so each client
// runs on its own thread and the measurement includes no async scheduling of the client side.
// Ownership: one thread per client; not thread-safe. Traffic only to the loopback address.

import Foundation
#if canImport(Glibc)
import Glibc
#endif

struct HTTPBenchError: Error, CustomStringConvertible {
    let description: String
}

final class KeepAliveHTTPClient {
    private let descriptor: Int32
    private let port: Int
    private var buffer: [UInt8] = []

    init(port: Int) throws {
        self.port = port
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw HTTPBenchError(description: "socket: errno \(errno)") }
        var noDelay: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(descriptor)
            throw HTTPBenchError(description: "connect to 127.0.0.1:\(port): errno \(errno)")
        }
    }

    deinit { close(descriptor) }

    /// POSTs a JSON body and returns the status and the response body.
    func post(_ path: String, body: [UInt8]) throws -> (status: Int, body: [UInt8]) {
        let head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
        try writeAll(Array(head.utf8) + body)
        return try readResponse()
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 {
                if errno == EINTR { continue }
                throw HTTPBenchError(description: "send: errno \(errno)")
            }
            offset += written
        }
    }

    private func readResponse() throws -> (status: Int, body: [UInt8]) {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headEnd: Int?
        var searchFrom = 0
        while headEnd == nil {
            if buffer.count >= 4 {
                for index in max(0, searchFrom - 3)...(buffer.count - 4) where buffer[index] == 13 && Array(buffer[index..<index + 4]) == separator {
                    headEnd = index
                    break
                }
                searchFrom = buffer.count
            }
            if headEnd == nil { try receive() }
        }
        let head = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
        let lines = head.components(separatedBy: "\r\n")
        let parts = lines[0].split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else { throw HTTPBenchError(description: "bad status line '\(lines[0])'") }
        var length: Int?
        for line in lines.dropFirst() where line.lowercased().hasPrefix("content-length:") {
            length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
        }
        guard let length else { throw HTTPBenchError(description: "response without Content-Length") }
        let bodyStart = headEnd! + 4
        while buffer.count < bodyStart + length { try receive() }
        let body = Array(buffer[bodyStart..<bodyStart + length])
        buffer.removeFirst(bodyStart + length)
        return (status, body)
    }

    private func receive() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(descriptor, &chunk, chunk.count, 0)
            if count > 0 { buffer += chunk[0..<count]; return }
            if count == 0 { throw HTTPBenchError(description: "the server closed the connection") }
            if errno == EINTR { continue }
            throw HTTPBenchError(description: "recv: errno \(errno)")
        }
    }
}
