// LoopbackHTTPReply: one HTTP/1.1 response as LoopbackHTTPClient read it, with the Milvus
// envelope ({"code":..,"data":..,"message":..}) of its body parsed by QuiverJSON.
// Invariants: header names are lowercased (a repeated header keeps its last value); the body is
// exactly Content-Length bytes when the response declares one; `parse` throws (never traps) on
// bytes that are not a whole response, since they come from another process.

import Foundation
import QuiverJSON

/// A response from `quiver serve` (or any HTTP/1.1 server on 127.0.0.1).
package struct LoopbackHTTPReply: Sendable {
    /// The status code, e.g. 200.
    package let status: Int
    /// The headers, names lowercased.
    package let headers: [String: String]
    /// The body bytes.
    package let body: [UInt8]

    /// The body as UTF-8 text.
    package var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object; empty when it is not one.
    package var json: JSONObject { (try? JSONParser.parse(body, maxDepth: JSONParser.storedDocumentMaxDepth))?.objectValue ?? JSONObject() }

    /// The envelope's `code`; nil when the body has none.
    package var code: Int64? { json["code"]?.intValue }

    /// The envelope's `data`.
    package var data: JSONValue? { json["data"] }

    /// The envelope's `message`.
    package var message: String? { json["message"]?.stringValue }

    /// The index just past the blank line ending the head in `bytes`, searching from `start`; nil
    /// while the head is incomplete.
    static func headEnd(in bytes: [UInt8], from start: Int = 0) -> Int? {
        guard bytes.count >= 4 else { return nil }
        var index = max(0, start)
        while index <= bytes.count - 4 {
            if bytes[index] == 13, bytes[index + 1] == 10, bytes[index + 2] == 13, bytes[index + 3] == 10 { return index + 4 }
            index += 1
        }
        return nil
    }

    /// The status and headers of the head `bytes` (up to, not including, the blank line).
    static func parseHead(_ bytes: ArraySlice<UInt8>) throws(LoopbackHTTPError) -> (status: Int, headers: [String: String]) {
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusParts = (lines.first ?? "").split(separator: " ")
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/"), let status = Int(statusParts[1]) else {
            throw LoopbackHTTPError(description: "bad status line '\(lines.first ?? "")'")
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (status, headers)
    }

    /// The Content-Length the head declares; nil when it declares none.
    static func contentLength(in headers: [String: String]) throws(LoopbackHTTPError) -> Int? {
        guard let value = headers["content-length"] else { return nil }
        guard let length = Int(value), length >= 0 else { throw LoopbackHTTPError(description: "bad Content-Length '\(value)'") }
        return length
    }
}

/// An exchange failed: the connection (refused, reset, timed out) or a response that is not
/// whole HTTP/1.1.
package struct LoopbackHTTPError: Error, CustomStringConvertible {
    /// What failed, naming the call or the bytes.
    package let description: String
}
