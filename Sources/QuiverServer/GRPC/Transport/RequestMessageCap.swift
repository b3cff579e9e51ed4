// RequestMessageCap: refuses a gRPC request message larger than the server's cap with
// RESOURCE_EXHAUSTED and a message naming both sizes, before reading it. grpc-swift-nio-transport
// enforces `maxRequestPayloadSize` too, but by resetting the stream (RST_STREAM), which clients
// see as UNAVAILABLE, and pymilvus retries UNAVAILABLE up to 75 times; RESOURCE_EXHAUSTED it
// does not retry. This handler sits first in every HTTP/2 stream's pipeline (installed through
// the transport's `onAcceptHTTP2Stream` callback, the public hook into stream pipelines), reads
// the 5-byte gRPC message prefixes (flag, 32-bit big-endian length) in the DATA frames, and on
// a first message over the cap answers with a Trailers-Only response (HEADERS :status 200,
// grpc-status 8, END_STREAM) and closes the stream, which resets the client's upload.
// Invariants: frames pass through unchanged until a message over the cap is announced; after
// that nothing more reaches grpc-swift's stream handler. Only the first message of a stream is
// answered this way (the response has not started then; Milvus RPCs are all unary); a later one
// is left to the transport's own limit, which resets the stream.
// Ownership: one instance per HTTP/2 stream, used only on that stream's event loop.

import NIOCore
import NIOHPACK
import NIOHTTP2

final class RequestMessageCap: ChannelInboundHandler {
    typealias InboundIn = HTTP2Frame.FramePayload
    typealias InboundOut = HTTP2Frame.FramePayload
    typealias OutboundOut = HTTP2Frame.FramePayload

    private let cap: Int
    /// Bytes of the current message prefix seen so far (0..<5).
    private var prefix: [UInt8] = []
    /// Payload bytes of the current message still to come.
    private var remaining = 0
    private var messageCount = 0
    private var refused = false

    init(cap: Int) {
        self.cap = cap
        prefix.reserveCapacity(5)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        guard case .data(let frame) = unwrapInboundIn(data), case .byteBuffer(let buffer) = frame.data else {
            context.fireChannelRead(data)
            return
        }
        let bytes = buffer.readableBytesView
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if remaining > 0 {
                let skipped = min(remaining, bytes.endIndex - index)
                remaining -= skipped
                index += skipped
                continue
            }
            prefix.append(bytes[index])
            index += 1
            guard prefix.count == 5 else { continue }
            let length = prefix[1...4].reduce(0) { $0 << 8 | Int($1) }
            prefix.removeAll(keepingCapacity: true)
            messageCount += 1
            if length > cap, messageCount == 1 {
                refuse(context: context, length: length)
                return
            }
            remaining = length
        }
        context.fireChannelRead(data)
    }

    private func refuse(context: ChannelHandlerContext, length: Int) {
        refused = true
        let message = "the request message is \(length) bytes, over this server's cap of \(cap) bytes (maxBodyBytes, the same cap as a REST request body)"
        let headers = HPACKHeaders([
            (":status", "200"),
            ("content-type", "application/grpc"),
            ("grpc-status", "8"),
            ("grpc-message", Self.percentEncoded(message)),
        ])
        let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.headers(.init(headers: headers, endStream: true)))).whenComplete { _ in
            boundContext.value.close(promise: nil)
        }
    }

    /// `grpc-message` encoding: bytes outside printable ASCII, and '%', as %XX.
    static func percentEncoded(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            if byte >= 0x20, byte <= 0x7E, byte != UInt8(ascii: "%") {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return encoded
    }
}

private extension String {
    func leftPadded(to count: Int) -> String {
        self.count >= count ? self : String(repeating: "0", count: count - self.count) + self
    }
}

@available(*, unavailable)
extension RequestMessageCap: Sendable {}
