// LoopbackSocket: one blocking TCP connection to 127.0.0.1, the transport of LoopbackHTTPClient
// and of tests that send raw bytes (a slow client, a protocol sniffer).
// Invariants: the address is always 127.0.0.1 (no other host is reachable through this type, by
// design); every failure of the OS is a thrown LoopbackSocketError naming the call and errno;
// sends use MSG_NOSIGNAL (a closed peer is an error, never SIGPIPE); EINTR is retried; a receive
// timeout bounds a hung peer. The descriptor is closed when the object goes.
// Ownership: one thread at a time; not thread-safe.

#if canImport(Glibc)
import Glibc
#endif

/// A socket call failed: which call, and errno.
package struct LoopbackSocketError: Error, CustomStringConvertible {
    /// The call and the port, e.g. "connect to 127.0.0.1:8080".
    package let operation: String
    /// errno after the call.
    package let code: Int32

    /// The receive timeout passed (the peer sent nothing for that long).
    package var isTimeout: Bool { code == EAGAIN || code == EWOULDBLOCK }

    /// "<operation>: errno N".
    package var description: String { "\(operation): errno \(code)" }
}

/// One TCP connection to 127.0.0.1:<port> (see the file header).
package final class LoopbackSocket {
    private let descriptor: Int32
    /// The port connected to.
    package let port: Int

    /// Connects to 127.0.0.1:`port`. `receiveTimeoutSeconds` bounds each receive (nil: none);
    /// `noDelay` turns Nagle's algorithm off (small requests go out at once).
    package init(port: Int, receiveTimeoutSeconds: Int? = 120, noDelay: Bool = false) throws(LoopbackSocketError) {
        self.port = port
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw LoopbackSocketError(operation: "socket", code: errno) }
        if noDelay {
            var one: Int32 = 1
            setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        }
        if let receiveTimeoutSeconds {
            var timeout = timeval(tv_sec: receiveTimeoutSeconds, tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)   // 127.0.0.1
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            close(descriptor)
            throw LoopbackSocketError(operation: "connect to 127.0.0.1:\(port)", code: code)
        }
    }

    deinit { close(descriptor) }

    /// Sends as much of `bytes` as the kernel takes in one call; returns the count sent.
    package func sendSome(_ bytes: ArraySlice<UInt8>) throws(LoopbackSocketError) -> Int {
        while true {
            let written = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written >= 0 { return written }
            if errno != EINTR { throw LoopbackSocketError(operation: "send to 127.0.0.1:\(port)", code: errno) }
        }
    }

    /// Sends all of `bytes`.
    package func send(_ bytes: [UInt8]) throws(LoopbackSocketError) {
        var offset = 0
        while offset < bytes.count { offset += try sendSome(bytes[offset...]) }
    }

    /// Receives what has arrived (waiting for something, up to the receive timeout) and appends it
    /// to `buffer` through `chunk` (a scratch buffer the caller keeps, so a loop allocates nothing);
    /// returns the count, 0 when the peer closed. `waiting: false` returns at once (EAGAIN throws).
    package func receive(appendingTo buffer: inout [UInt8], chunk: inout [UInt8],
                         waiting: Bool = true) throws(LoopbackSocketError) -> Int {
        while true {
            let count = recv(descriptor, &chunk, chunk.count, waiting ? 0 : Int32(MSG_DONTWAIT))
            if count >= 0 {
                buffer.append(contentsOf: chunk[0 ..< count])
                return count
            }
            if errno != EINTR { throw LoopbackSocketError(operation: "recv from 127.0.0.1:\(port)", code: errno) }
        }
    }

    /// Everything the peer sends until it closes the connection (a reset counts as the close).
    /// Throws on any other failure, the receive timeout included.
    package func receiveUntilClosed() throws(LoopbackSocketError) -> [UInt8] {
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        do {
            while try receive(appendingTo: &received, chunk: &chunk) > 0 {}
        } catch where error.code == ECONNRESET {
            return received
        }
        return received
    }
}
