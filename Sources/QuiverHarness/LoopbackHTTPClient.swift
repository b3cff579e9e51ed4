// LoopbackHTTPClient: a minimal blocking HTTP/1.1 client of a server on 127.0.0.1 (`quiver serve`
// in tests, the benchmark, the torture tool).
// Invariants: traffic goes to 127.0.0.1 only (LoopbackSocket); every transport or framing
// failure is a thrown LoopbackHTTPError, never a reply; a reply whose body is shorter than its
// Content-Length is a failure (the server died mid-answer). Kept-alive mode reuses its buffers,
// so a request allocates little beyond its reply. A receive timeout bounds a hung server.
// Ownership: one thread at a time (blocking calls, one client per thread); not thread-safe.

import QuiverJSON

/// HTTP/1.1 requests to 127.0.0.1:<port>, one connection each or one kept alive.
package final class LoopbackHTTPClient {
    /// How requests map to connections.
    package enum ConnectionUse: Sendable {
        /// A connection per request, sent with `Connection: close`; the reply is read to the close.
        case closedAfterEachRequest
        /// A connection per request with no Connection header, read until the server closes it
        /// (a test that the server closes by itself; the receive timeout bounds the wait).
        case closedByServer
        /// One connection for every request; replies framed by their Content-Length.
        case keptAlive
    }

    /// The server's port on 127.0.0.1.
    package let port: Int
    private let connectionUse: ConnectionUse
    private let receiveTimeoutSeconds: Int
    private var keptSocket: LoopbackSocket?
    private var request: [UInt8] = []
    private var received: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 65536)

    /// A client of 127.0.0.1:`port`; `.keptAlive` connects at once (and throws when it cannot).
    package init(port: Int, connectionUse: ConnectionUse = .closedAfterEachRequest,
                 receiveTimeoutSeconds: Int = 120) throws(LoopbackHTTPError) {
        self.port = port
        self.connectionUse = connectionUse
        self.receiveTimeoutSeconds = receiveTimeoutSeconds
        if connectionUse == .keptAlive { keptSocket = try Self.connect(port, receiveTimeoutSeconds) }
    }

    /// Sends one request and reads its reply. A body (or a POST) gets Content-Type `contentType`
    /// (none when nil) and Content-Length `declaredContentLength ?? body.count`: a larger
    /// declared length makes a request the server must answer before the rest arrives.
    package func send(_ method: String = "POST", _ path: String, body: [UInt8]? = nil, headers: [String: String] = [:],
                      contentType: String? = "application/json",
                      declaredContentLength: Int? = nil) throws(LoopbackHTTPError) -> LoopbackHTTPReply {
        request.removeAll(keepingCapacity: true)
        request.append(contentsOf: "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n".utf8)
        if connectionUse == .closedAfterEachRequest { request.append(contentsOf: "Connection: close\r\n".utf8) }
        if body != nil || method == "POST" {
            if let contentType { request.append(contentsOf: "Content-Type: \(contentType)\r\n".utf8) }
            request.append(contentsOf: "Content-Length: \(declaredContentLength ?? body?.count ?? 0)\r\n".utf8)
        }
        for (name, value) in headers { request.append(contentsOf: "\(name): \(value)\r\n".utf8) }
        request.append(contentsOf: "\r\n".utf8)
        if let body { request.append(contentsOf: body) }
        guard let keptSocket else { return try exchangeOnce(bodyExpected: method != "HEAD") }
        do {
            try keptSocket.send(request)
            return try readFramedReply(from: keptSocket)
        } catch let error as LoopbackHTTPError {
            throw error
        } catch {
            throw LoopbackHTTPError(description: "\(method) \(path): \(error)")
        }
    }

    /// POSTs `body` as JSON text to `path`.
    package func post(_ path: String, json body: JSONObject) throws(LoopbackHTTPError) -> LoopbackHTTPReply {
        try send("POST", path, body: JSONWriter.bytes(of: .object(body)))
    }

    private static func connect(_ port: Int, _ receiveTimeoutSeconds: Int) throws(LoopbackHTTPError) -> LoopbackSocket {
        do {
            return try LoopbackSocket(port: port, receiveTimeoutSeconds: receiveTimeoutSeconds, noDelay: true)
        } catch {
            throw LoopbackHTTPError(description: "\(error)")
        }
    }

    /// A connection of its own: send, read to the close, then frame what came.
    private func exchangeOnce(bodyExpected: Bool) throws(LoopbackHTTPError) -> LoopbackHTTPReply {
        let socket = try Self.connect(port, receiveTimeoutSeconds)
        let bytes: [UInt8]
        do {
            try socket.send(request)
            bytes = try socket.receiveUntilClosed()
        } catch {
            throw LoopbackHTTPError(description: "\(error)")
        }
        guard let bodyStart = LoopbackHTTPReply.headEnd(in: bytes) else {
            throw LoopbackHTTPError(description: "no complete response head in \(bytes.count) bytes")
        }
        let (status, headers) = try LoopbackHTTPReply.parseHead(bytes[0 ..< bodyStart - 4])
        var body = Array(bytes[bodyStart...])
        if let length = try LoopbackHTTPReply.contentLength(in: headers), bodyExpected {
            guard body.count >= length else {
                throw LoopbackHTTPError(description: "the connection closed after \(body.count) of \(length) body bytes")
            }
            body.removeLast(body.count - length)
        }
        return LoopbackHTTPReply(status: status, headers: headers, body: body)
    }

    /// The next reply on the kept connection, framed by its Content-Length.
    private func readFramedReply(from socket: LoopbackSocket) throws -> LoopbackHTTPReply {
        var searchFrom = 0
        var bodyStart = LoopbackHTTPReply.headEnd(in: received)
        while bodyStart == nil {
            searchFrom = max(0, received.count - 3)
            try receiveMore(from: socket)
            bodyStart = LoopbackHTTPReply.headEnd(in: received, from: searchFrom)
        }
        guard let bodyStart else { preconditionFailure("the loop ends with a head") }
        let (status, headers) = try LoopbackHTTPReply.parseHead(received[0 ..< bodyStart - 4])
        guard let length = try LoopbackHTTPReply.contentLength(in: headers) else {
            throw LoopbackHTTPError(description: "a kept-alive reply without Content-Length")
        }
        while received.count < bodyStart + length { try receiveMore(from: socket) }
        let body = Array(received[bodyStart ..< bodyStart + length])
        received.removeFirst(bodyStart + length)
        return LoopbackHTTPReply(status: status, headers: headers, body: body)
    }

    private func receiveMore(from socket: LoopbackSocket) throws {
        if try socket.receive(appendingTo: &received, chunk: &chunk) == 0 {
            throw LoopbackHTTPError(description: "the server closed the kept-alive connection")
        }
    }
}
