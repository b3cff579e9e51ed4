// How the shared port tells HTTP/1.1 from HTTP/2 by a connection's first bytes (ProtocolSniffer):
// the prefix rule itself, and against a real `quiver serve`: a garbage first line and a preface
// that diverges halfway are HTTP/1.1 (an HTTP error reply, then close: no hang), and a client
// that sends 10 bytes of the preface and stalls is closed by the read deadline (here 0.5 s,
// `--request-read-timeout`) instead of being held forever.
// No timing asserts: a raw read gives up after 60 s, and "gave up" is the failure.

import Foundation
import QuiverHarness
@testable import QuiverServer
import Testing

@Suite struct SharedPortSniffingTests {
    static let preface = SniffedProtocol.http2Preface

    @Test func thePrefaceDecidesAtTheFirstDifferingByte() {
        #expect(Self.preface.count == 24)
        #expect(SniffedProtocol.detect([UInt8]()) == nil)
        #expect(SniffedProtocol.detect(Self.preface.prefix(10)) == nil)
        #expect(SniffedProtocol.detect(Self.preface.prefix(23)) == nil)
        #expect(SniffedProtocol.detect(Self.preface) == .http2)
        #expect(SniffedProtocol.detect(Self.preface + Array("\u{0}\u{0}\u{6}".utf8)) == .http2)
        #expect(SniffedProtocol.detect(Array("GET / HTTP/1.1\r\n".utf8)) == .http1)
        #expect(SniffedProtocol.detect(Array("P".utf8)) == nil)
        #expect(SniffedProtocol.detect(Array("POST".utf8)) == .http1)
        #expect(SniffedProtocol.detect(Array("PRI * HTTP/1.1\r\n".utf8)) == .http1)
        #expect(SniffedProtocol.detect(Self.preface.prefix(18) + Array("XY".utf8)) == .http1)
    }

    @Test func garbageAndADivergingPrefaceAreServedAsHTTP1() async throws {
        let data = GRPCSharedPortTests.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let server = try await ServeProcess(data: data, ["--request-read-timeout", "5"])
        let port = server.port

        let garbage = try await LoopbackServer.offThePool { () -> [UInt8]? in
            let connection = try LoopbackSocket(port: port, receiveTimeoutSeconds: 60)
            try connection.send(Array("HELLO\u{1}\u{2} not http at all\r\n\r\n".utf8))
            return try? connection.receiveUntilClosed()
        }
        let garbageText = garbage.map { String(decoding: $0, as: UTF8.self) }
        #expect(garbageText?.hasPrefix("HTTP/1.1 4") == true, "garbage got: \(String(describing: garbageText))")

        // The first 10 bytes of the preface, then bytes that leave it ("HTTP/1.1" where "HTTP/2.0" goes).
        let diverging = try await LoopbackServer.offThePool { () -> [UInt8]? in
            let connection = try LoopbackSocket(port: port, receiveTimeoutSeconds: 60)
            try connection.send(Array(Self.preface.prefix(10)))
            usleep(50_000)
            try connection.send(Array("1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
            return try? connection.receiveUntilClosed()
        }
        let divergingText = diverging.map { String(decoding: $0, as: UTF8.self) }
        #expect(divergingText?.hasPrefix("HTTP/1.1 4") == true, "a diverging preface got: \(String(describing: divergingText))")

        // A real REST request on the same server still works.
        #expect(try server.get("/healthz").status == 200)
        let log = server.log
        let status = try await server.stop()
        #expect(status == 0, "log:\n\(log)")
    }

    @Test func aStalledPrefaceIsClosedByTheReadDeadline() async throws {
        let data = GRPCSharedPortTests.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let server = try await ServeProcess(data: data, ["--request-read-timeout", "0.5"])
        let port = server.port

        let stalled = try await LoopbackServer.offThePool { () -> [UInt8]? in
            let connection = try LoopbackSocket(port: port, receiveTimeoutSeconds: 60)
            try connection.send(Array(Self.preface.prefix(10)))
            return try? connection.receiveUntilClosed()
        }
        #expect(stalled == [], "10 bytes of the preface then nothing: the server must close without a reply, got \(String(describing: stalled))")

        let silent = try await LoopbackServer.offThePool { () -> [UInt8]? in
            try? LoopbackSocket(port: port, receiveTimeoutSeconds: 60).receiveUntilClosed()
        }
        #expect(silent == [], "a connection that sends nothing is closed too")
        _ = try await server.stop()
    }
}
