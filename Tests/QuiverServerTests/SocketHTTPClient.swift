// SocketHTTPClient: a minimal HTTP/1.1 client over a POSIX socket to 127.0.0.1, for driving the
// real `quiver serve` process. One request per connection (`Connection: close`, unless
// `keepAlive`, which tests that the server closes by itself), response read to EOF. `declaredContentLength` lets a test claim a larger body than it sends (the oversized-body
// check: the server must answer without waiting for the rest). A receive timeout bounds a hung
// server; tests never assert on timing.

import Foundation
@testable import QuiverServer
#if canImport(Glibc)
import Glibc
import QuiverJSON
#endif

struct SocketHTTPReply {
    let status: Int
    let headers: [String: String]   // lowercased names
    let body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }
    var json: JSONObject { (try? JSONParser.parse(body, maxDepth: 512))?.objectValue ?? JSONObject() }
    var code: Int64? { json["code"]?.intValue }
    var data: JSONValue? { json["data"] }
}

struct SocketHTTPError: Error, CustomStringConvertible {
    let description: String
}

enum SocketHTTPClient {
    static func send(port: Int, method: String = "POST", path: String, body: String? = nil,
                     headers: [String: String] = [:], declaredContentLength: Int? = nil,
                     contentType: String? = "application/json", keepAlive: Bool = false) throws -> SocketHTTPReply {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw SocketHTTPError(description: "socket: errno \(errno)") }
        defer { close(descriptor) }
        // Generous: CI runs index tests beside these. A keep-alive request reads to EOF too, so
        // its bound is what a test of "the server closes" waits at most.
        var timeout = timeval(tv_sec: keepAlive ? 30 : 120, tv_usec: 0)
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
        guard connected == 0 else { throw SocketHTTPError(description: "connect to port \(port): errno \(errno)") }

        let bodyBytes = Array((body ?? "").utf8)
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n" + (keepAlive ? "" : "Connection: close\r\n")
        if body != nil || method == "POST" {
            if let contentType { head += "Content-Type: \(contentType)\r\n" }
            head += "Content-Length: \(declaredContentLength ?? bodyBytes.count)\r\n"
        }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        try writeAll(descriptor, Array(head.utf8) + bodyBytes)

        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(descriptor, &chunk, chunk.count, 0)
            if count > 0 { received += chunk[0 ..< count]; continue }
            if count == 0 || errno == ECONNRESET { break }
            if errno == EINTR { continue }
            throw SocketHTTPError(description: "recv: errno \(errno) after \(received.count) bytes")
        }
        return try parse(received)
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 {
                if errno == EINTR { continue }
                throw SocketHTTPError(description: "send: errno \(errno)")
            }
            offset += written
        }
    }

    private static func parse(_ bytes: [UInt8]) throws -> SocketHTTPReply {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = (0 ..< max(0, bytes.count - 3)).first(where: { Array(bytes[$0 ..< $0 + 4]) == separator }) else {
            throw SocketHTTPError(description: "no complete response head in \(bytes.count) bytes")
        }
        let lines = String(decoding: bytes[0 ..< end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw SocketHTTPError(description: "bad status line '\(lines[0])'")
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(bytes[(end + 4)...])
        if let length = headers["content-length"].flatMap(Int.init), length < body.count { body = Array(body[0 ..< length]) }
        return SocketHTTPReply(status: status, headers: headers, body: body)
    }
}
