// RouteFuzzInput: turns fuzz bytes into at most `maxRequests` HTTP requests on one family's
// routes. Format: requests separated by NUL; each is `<action>[ <flags>]\n<body>` (no newline:
// the whole request is the body and the route is the family's first). The action picks the route
// of that name, or, for any other text, the route at (sum of the bytes) modulo the route count,
// so every mutation still lands on a route. Flag letters (others are ignored):
//   i  Accept-Type-Allow-Int64: false      d  DB-Name: other        D  DB-Name: default
//   t  Request-Timeout: 1                  T  Request-Timeout: soon (not a number)
//   n  no Content-Type                     p  Content-Type: text/plain
//   g  method GET (refused with 405)       l  Content-Length far over the body cap
// Invariant: total; any bytes give a (possibly empty) list of well-formed requests.

import HTTPTypes
import Hummingbird
import NIOCore

struct RouteFuzzRequest {
    let path: String
    let method: HTTPRequest.Method
    let headers: HTTPFields
    let body: [UInt8]
}

enum RouteFuzzInput {
    static let maxRequests = 4

    static func requests(in bytes: [UInt8], routes: [APIRoute]) -> [RouteFuzzRequest] {
        guard !routes.isEmpty else { return [] }
        return bytes.split(separator: 0, maxSplits: maxRequests - 1, omittingEmptySubsequences: false)
            .prefix(maxRequests).map { request(from: Array($0), routes: routes) }
    }

    static func request(from bytes: [UInt8], routes: [APIRoute]) -> RouteFuzzRequest {
        var head: [UInt8] = [], body = bytes
        if let newline = bytes.firstIndex(of: 0x0A) {
            head = Array(bytes[..<newline])
            body = Array(bytes[(newline + 1)...])
        }
        let words = head.split(separator: 0x20, maxSplits: 1)
        let action = words.first.map { String(decoding: $0, as: UTF8.self) } ?? ""
        let flags = Set(words.count > 1 ? words[1] : [])
        let route = routes.first { $0.action == action }
            ?? routes[head.reduce(0) { $0 &+ Int($1) } % routes.count]
        var headers = HTTPFields()
        let has = { (letter: Character) in flags.contains(letter.asciiValue!) }
        if !has("n") { headers[.contentType] = has("p") ? "text/plain" : "application/json" }
        if has("i") { headers[RouteResponder.allowInt64Header] = "false" }
        if has("d") { headers[RouteResponder.databaseHeader] = "other" }
        if has("D") { headers[RouteResponder.databaseHeader] = "default" }
        if has("t") { headers[RequestDeadline.header] = "1" }
        if has("T") { headers[RequestDeadline.header] = "soon" }
        if has("l") { headers[.contentLength] = "1099511627776" }
        return RouteFuzzRequest(path: route.path, method: has("g") ? .get : .post, headers: headers, body: body)
    }
}
