// SlowClient: a slow-loris client for the read-timeout tests. It sends some bytes at once, then
// the rest a chunk at a time with a pause between chunks, and watches for the server closing the
// connection. Loops are bounded: by the bytes to send, then by a wait of at most 60 s for the
// close. Tests assert only that the close came before the request was complete, never when.

import Foundation
#if canImport(Glibc)
import Glibc
#endif

enum SlowClient {
    struct Outcome {
        /// The server closed (or reset) the connection.
        var closedByServer = false
        var sentByteCount = 0
    }

    static let pauseMicroseconds: UInt32 = 100_000

    static func trickle(port: Int, first: [UInt8], then rest: [UInt8], chunkByteCount: Int = 1) throws -> Outcome {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw SocketHTTPError(description: "socket: errno \(errno)") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw SocketHTTPError(description: "connect: errno \(errno)") }

        var outcome = Outcome()
        func send(_ bytes: ArraySlice<UInt8>) -> Bool {
            let written = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 { return false }
            outcome.sentByteCount += written
            return written == bytes.count
        }
        if !first.isEmpty, !send(first[...]) { outcome.closedByServer = true; return outcome }
        var offset = 0
        while offset < rest.count {
            usleep(pauseMicroseconds)
            if isClosed(descriptor) { outcome.closedByServer = true; return outcome }
            let end = min(offset + chunkByteCount, rest.count)
            if !send(rest[offset..<end]) { outcome.closedByServer = true; return outcome }
            offset = end
        }
        for _ in 0..<600 {
            if isClosed(descriptor) { outcome.closedByServer = true; return outcome }
            usleep(pauseMicroseconds)
        }
        return outcome
    }

    /// True once the peer has closed or reset the connection (a response before that is read and dropped).
    private static func isClosed(_ descriptor: Int32) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count > 0 { continue }
            if count == 0 { return true }
            return errno == ECONNRESET || errno == EPIPE
        }
    }
}
