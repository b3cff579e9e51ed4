// RouteFuzzEntryPoint: whole API requests through the router into a real Database, for the
// libFuzzer targets FuzzTests/Targets/rest-route-<family> and the corpus replay test. Unlike
// RESTFuzzEntryPoint (decoders only) every request runs the code `quiver serve` runs: the
// request gate, the responder (body read, parse, deadline, envelope) and the route's handler, so
// paging arithmetic, filters, searches, writes, index builds, partitions and aliases all execute.
//
// Input format (RouteFuzzInput.swift): up to four requests separated by NUL bytes; each is a head
// line `<action>[ <flags>]`, a newline, then the JSON body. The action picks one route of the
// target's family (an unknown name still picks one, by a hash); flag letters vary the headers.
//
// Invariants: each input runs against a fresh fixture (RouteFuzzFixture.swift) on an in-memory
// file system, closed afterwards, so inputs are independent (a crash reproduces from its file
// alone) and memory does not grow across iterations. An error envelope is a pass; only a trap
// (or a broken fixture, which traps on purpose) is a failure.

import Dispatch
import Quiver

/// The route groups of the API: one fuzz target each.
@_spi(Fuzzing) public enum RouteFamily: String, CaseIterable, Sendable {
    case collections, entities, partitions, indexes, aliases

    /// The actions of this family's routes, in table order (`entities` -> insert, upsert, ...).
    public var actions: [String] { routes.map(\.action) }

    var routes: [APIRoute] { APIRoutes.all.filter { $0.group == rawValue } }
}

/// What one fuzzed request got back.
@_spi(Fuzzing) public struct RouteFuzzReply: Sendable {
    /// The route's path, `/v2/vectordb/<group>/<action>`.
    public let path: String
    public let status: Int
    /// The envelope's `code` (0 on success); nil when the body was not an envelope.
    public let code: Int64?
    public let message: String
}

@_spi(Fuzzing) public enum RouteFuzzEntryPoint {
    /// The libFuzzer entry: runs `bytes` to completion on a fresh fixture, blocking the caller
    /// (a plain thread, never a Swift concurrency one). Returns how many requests ran.
    @discardableResult
    public static func fuzzRequests(_ bytes: [UInt8], family: RouteFamily) -> Int {
        let done = DispatchSemaphore(value: 0)
        let count = CountBox()
        Task.detached {
            count.value = await run(bytes, family: family).count
            done.signal()
        }
        done.wait()
        return count.value
    }

    /// Runs the requests `bytes` encodes against a fresh fixture and returns their replies.
    public static func run(_ bytes: [UInt8], family: RouteFamily) async -> [RouteFuzzReply] {
        let requests = RouteFuzzInput.requests(in: bytes, routes: family.routes)
        let fixture = await RouteFuzzFixture.open()
        var replies: [RouteFuzzReply] = []
        for request in requests { replies.append(await fixture.send(request)) }
        await fixture.close()
        return replies
    }

    /// The input running `body` (JSON text) on `action` with the given flag letters, in the
    /// format `run` reads; for writing seeds.
    public static func encode(_ requests: [(action: String, flags: String, body: String)]) -> [UInt8] {
        var bytes: [UInt8] = []
        for (position, request) in requests.enumerated() {
            if position > 0 { bytes.append(0) }
            bytes += Array((request.flags.isEmpty ? request.action : "\(request.action) \(request.flags)").utf8)
            bytes.append(0x0A)
            bytes += Array(request.body.utf8)
        }
        return bytes
    }
}

/// The request count handed from the detached task to the blocked fuzzer thread; the semaphore
/// orders the write before the read.
private final class CountBox: @unchecked Sendable {
    var value = 0
}
