// CloseAfterResponse: closes a connection once a response that says `Connection: close` has been
// written. Hummingbird honours that header only when the client sent it; after refusing an
// oversized body unread (413), the server must close itself rather than wait for the rest of a
// body it will never read (the connection would otherwise stay open until the read deadline).
// Invariants: only a response head carrying `Connection: close` arms the handler; the close
// happens after that response's end is written (and flushed), never before.
// Ownership: one instance per connection, used only on that connection's event loop.

import HTTPTypes
import HummingbirdCore
import NIOCore
import NIOHTTPTypes

final class CloseAfterResponse: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var closeAfterEnd = false

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            if head.headerFields[.connection]?.lowercased() == "close" { closeAfterEnd = true }
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            guard closeAfterEnd else {
                context.write(data, promise: promise)
                return
            }
            closeAfterEnd = false
            let written = context.eventLoop.makePromise(of: Void.self)
            written.futureResult.cascade(to: promise)
            let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
            written.futureResult.whenComplete { _ in boundContext.value.close(promise: nil) }
            context.writeAndFlush(data, promise: written)
        }
    }
}

@available(*, unavailable)
extension CloseAfterResponse: Sendable {}
