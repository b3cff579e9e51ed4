// SlowClient: a slow-loris client for the read-timeout tests. It sends some bytes at once, then
// the rest a chunk at a time with a pause between chunks, and watches for the server closing the
// connection. Loops are bounded: by the bytes to send, then by a wait of at most 60 s for the
// close. Tests assert only that the close came before the request was complete, never when.

import Foundation
import QuiverHarness

enum SlowClient {
    struct Outcome {
        /// The server closed (or reset) the connection.
        var closedByServer = false
        var sentByteCount = 0
    }

    static let pauseMicroseconds: UInt32 = 100_000

    static func trickle(port: Int, first: [UInt8], then rest: [UInt8], chunkByteCount: Int = 1) throws -> Outcome {
        let socket = try LoopbackSocket(port: port, receiveTimeoutSeconds: nil)

        var outcome = Outcome()
        func send(_ bytes: ArraySlice<UInt8>) -> Bool {
            guard let written = try? socket.sendSome(bytes) else { return false }
            outcome.sentByteCount += written
            return written == bytes.count
        }
        if !first.isEmpty, !send(first[...]) { outcome.closedByServer = true; return outcome }
        var offset = 0
        while offset < rest.count {
            usleep(pauseMicroseconds)
            if isClosed(socket) { outcome.closedByServer = true; return outcome }
            let end = min(offset + chunkByteCount, rest.count)
            if !send(rest[offset..<end]) { outcome.closedByServer = true; return outcome }
            offset = end
        }
        for _ in 0..<600 {
            if isClosed(socket) { outcome.closedByServer = true; return outcome }
            usleep(pauseMicroseconds)
        }
        return outcome
    }

    /// True once the peer has closed or reset the connection (a response before that is read and dropped).
    private static func isClosed(_ socket: LoopbackSocket) -> Bool {
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            do {
                if try socket.receive(appendingTo: &received, chunk: &chunk, waiting: false) == 0 { return true }
                received.removeAll(keepingCapacity: true)
            } catch {
                return error.code == ECONNRESET || error.code == EPIPE
            }
        }
    }
}
