// ProtocolSniffer: the first handler of every connection on the shared port. It reads the
// connection's first bytes and tells the two protocols apart: a connection that opens with the
// 24-byte HTTP/2 connection preface (RFC 9113 §3.4; gRPC clients such as pymilvus speak HTTP/2
// in cleartext with prior knowledge, so the preface is their first bytes) is gRPC; one whose
// first bytes differ from the preface anywhere is HTTP/1.1, decided at the first differing byte
// (no HTTP/1 method starts with "PRI ", so a request never waits for bytes it will not send).
// Once decided, `configure` adds the chosen protocol's handlers behind this one; then every byte
// read so far is replayed to them, in order, and this handler leaves the pipeline.
// Invariants: no byte is lost, duplicated or reordered; `configure` runs at most once; `decided`
// is completed exactly once (succeeded before the replay, failed when the connection ends first);
// an end of input held during configuration closes the connection when the chosen pipeline does
// not take half-closed connections (gRPC), and is replayed otherwise (HTTP/1).
// Until the decision, a connection is closed when `timeout` passes (the same read deadline the
// HTTP/1 server applies, so a client that stalls mid-preface is not held), when input ends, and
// on a quiesce event (graceful shutdown: nothing is in flight yet).
// Ownership: one instance per connection, used only on that connection's event loop.

import NIOCore

/// What the first bytes of a connection said.
enum SniffedProtocol: Sendable, Equatable {
    case http1
    case http2

    /// The HTTP/2 client connection preface.
    static let http2Preface: [UInt8] = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

    /// The protocol of a connection that began with `bytes`; nil while `bytes` is a proper prefix
    /// of the HTTP/2 preface (empty included), when only more bytes can tell.
    static func detect<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> SniffedProtocol? {
        var index = http2Preface.startIndex
        for byte in bytes {
            guard index < http2Preface.endIndex else { return .http2 }
            if byte != http2Preface[index] { return .http1 }
            index += 1
        }
        return index == http2Preface.endIndex ? .http2 : nil
    }
}

/// Why a connection ended before its protocol was known.
struct ProtocolSniffError: Error, CustomStringConvertible {
    let description: String
}

final class ProtocolSniffer<Configured: Sendable>: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// Adds the protocol's handlers (after this one) on the connection's event loop; the future
    /// is on that loop too.
    typealias Configure = (any Channel, SniffedProtocol) -> EventLoopFuture<Configured>

    private enum State {
        case sniffing
        case configuring
        case done
    }

    private let timeout: TimeAmount
    private let configure: Configure
    private let decided: EventLoopPromise<Configured>
    private var state = State.sniffing
    private var isDecidedCompleted = false
    private var buffered: ByteBuffer?
    /// Events that arrived while the protocol's handlers were being configured, replayed after the bytes.
    private var heldEvents: [Any] = []
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount, decided: EventLoopPromise<Configured>, configure: @escaping Configure) {
        self.timeout = timeout
        self.decided = decided
        self.configure = configure
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        let timeout = self.timeout
        deadline = context.eventLoop.scheduleTask(in: timeout) {
            let context = boundContext.value
            context.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        fail(ProtocolSniffError(description: "the connection closed before its first bytes told HTTP/1.1 from HTTP/2 (\(buffered?.readableBytes ?? 0) bytes read)"))
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard state != .done else {
            context.fireChannelRead(data)
            return
        }
        var bytes = unwrapInboundIn(data)
        if buffered == nil {
            buffered = bytes
        } else {
            buffered!.writeBuffer(&bytes)
        }
        guard state == .sniffing, let detected = SniffedProtocol.detect(buffered!.readableBytesView) else { return }
        state = .configuring
        deadline?.cancel()
        deadline = nil
        configure(context.channel, detected).assumeIsolated().whenComplete { result in
            switch result {
            case .success(let configured):
                // Completed first: leaving the pipeline (in replay) fails what is still pending.
                self.succeed(configured)
                self.replay(context: context)
            case .failure(let error):
                self.fail(error)
                context.close(promise: nil)
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        // Held back with the bytes until the decision; the replay ends with its own.
        if state == .done { context.fireChannelReadComplete() }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch state {
        case .done:
            context.fireUserInboundEventTriggered(event)
        case .configuring:
            heldEvents.append(event)
        case .sniffing:
            if let event = event as? ChannelEvent, event == .inputClosed {
                fail(ProtocolSniffError(description: "the client ended its input after \(buffered?.readableBytes ?? 0) bytes, before they told HTTP/1.1 from HTTP/2"))
                context.close(promise: nil)
            } else if event is ChannelShouldQuiesceEvent {
                fail(ProtocolSniffError(description: "the server is shutting down; the connection had not said which protocol it speaks"))
                context.close(promise: nil)
            } else {
                context.fireUserInboundEventTriggered(event)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        fail(ProtocolSniffError(description: "the connection closed before its first bytes told HTTP/1.1 from HTTP/2 (\(buffered?.readableBytes ?? 0) bytes read)"))
        context.fireChannelInactive()
    }

    /// Hands the bytes and events held so far to the protocol's handlers and leaves the pipeline.
    private func replay(context: ChannelHandlerContext) {
        state = .done
        if let bytes = buffered {
            buffered = nil
            context.fireChannelRead(wrapInboundOut(bytes))
            context.fireChannelReadComplete()
        }
        let events = heldEvents
        heldEvents = []
        let allowsHalfClosure = (try? context.channel.syncOptions?.getOption(ChannelOptions.allowRemoteHalfClosure)) ?? false
        for event in events {
            if let event = event as? ChannelEvent, event == .inputClosed, !allowsHalfClosure {
                // The protocol chosen does not take half-closed connections: end of input ends it.
                context.close(promise: nil)
                return
            }
            context.fireUserInboundEventTriggered(event)
        }
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    private func succeed(_ configured: Configured) {
        guard !isDecidedCompleted else { return }
        isDecidedCompleted = true
        decided.succeed(configured)
    }

    private func fail(_ error: any Error) {
        guard !isDecidedCompleted else { return }
        isDecidedCompleted = true
        decided.fail(error)
    }
}

@available(*, unavailable)
extension ProtocolSniffer: Sendable {}
