// RequestReadDeadline: the slow-loris defence. A client must deliver each request, head and body,
// within `ServerConfiguration.requestReadTimeout`; otherwise its connection is closed and the
// request never reaches a route. Hummingbird's idle timeout (set to the same value) closes
// connections that send nothing, or trickle header bytes, for that long; it cannot bound a body
// that keeps arriving a byte at a time, which this handler does.
// Invariants: at most one deadline per connection is scheduled, from a request's head until its
// end (or until the connection closes); a deadline never outlives its handler.
// Ownership: one instance per connection, used only on that connection's event loop.

import Hummingbird
import HummingbirdCore
import NIOCore
import NIOHTTPTypes

final class RequestReadDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            deadline?.cancel()
            let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
            deadline = context.eventLoop.scheduleTask(in: timeout) {
                boundContext.value.close(promise: nil)
            }
        case .body:
            break
        case .end:
            deadline?.cancel()
            deadline = nil
        }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }
}

@available(*, unavailable)
extension RequestReadDeadline: Sendable {}

extension RESTServer {
    /// HTTP/1.1 with both read bounds (the idle timeout and a deadline per request), closing
    /// after any response that says `Connection: close`. On the shared port (SharedPortChannel)
    /// this is what a connection gets once its first bytes say HTTP/1.1.
    static func http1Configuration(_ configuration: ServerConfiguration) -> HTTP1Channel.Configuration {
        let timeout = readTimeout(configuration)
        return HTTP1Channel.Configuration(
            additionalChannelHandlers: [RequestReadDeadline(timeout: timeout), CloseAfterResponse()], idleTimeout: timeout)
    }

    /// `requestReadTimeout` as NIO counts time.
    static func readTimeout(_ configuration: ServerConfiguration) -> TimeAmount {
        let seconds = configuration.requestReadTimeout.components.seconds
        return TimeAmount.nanoseconds(seconds * 1_000_000_000 + configuration.requestReadTimeout.components.attoseconds / 1_000_000_000)
    }
}
