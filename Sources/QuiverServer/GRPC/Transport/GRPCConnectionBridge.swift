// GRPCConnectionBridge: how connections accepted by the HTTP server reach grpc-swift. The shared
// port is bound once, by Hummingbird; a connection that ProtocolSniffer finds speaking HTTP/2 is
// configured here with grpc-swift-nio-transport's own gRPC server pipeline and handed to its
// `HTTP2ServerTransport.Custom`, which then serves it exactly as it serves connections it
// accepts itself (streams, deadlines, keepalive, GOAWAY).
//
// Why this shape: grpc-swift-nio-transport 2.9 opened its server transport to other acceptors:
// `HTTP2ServerTransport.Custom` takes a `ListenerFactory` whose listening channel yields
// `ConnectionChannel`s, and the `ConnectionConfigurator` it passes in turns any accepted NIO
// channel into one (`configure(channel:tls:)`, public). So no bytes are proxied and no second
// port exists. The factory must return a `NIOAsyncChannel<ConnectionChannel, Never>`, which NIO
// only builds over a real `Channel`; NIO has no public in-memory channel for production use, so
// the "listener" is a pipe channel nobody writes to (the carrier): each configured connection is
// fired into its pipeline as a read, where the transport's ListenerConfigurator handler records
// the connection (grpc-swift's own graceful shutdown quiesces it) and ConnectionHandoff turns
// it into the `ConnectionChannel` the transport consumes. Closing the carrier (the transport's
// `beginGracefulShutdown`, or cancellation) ends the transport's accept loop.
//
// A sniffed connection is configured after it became active, where grpc-swift's accepted ones
// are configured before: NIOHTTP2Handler copes (it activates in handlerAdded), but grpc-swift's
// connection manager starts its max-idle and max-age timers only on channelActive. Quiver sets
// neither (both nil, grpc-swift's defaults), and the keepalive timer is restarted after every
// read, so nothing is lost; setting either would need another way to start them.
//
// Invariants: the carrier exists from the transport's `listen` until it closes; a connection
// handed over after the carrier closed is closed, never left half-served; `listening` is
// completed exactly once (succeeded when the carrier exists, failed by `stop` otherwise).
// Ownership: one per server, shared by every connection (Sendable; state behind a Mutex).

import GRPCCore
import GRPCNIOTransportHTTP2
import NIOCore
import NIOPosix
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

final class GRPCConnectionBridge: HTTP2ServerTransport.ListenerFactory {
    typealias ConnectionChannel = HTTP2ServerTransport.ConnectionConfigurator.ConnectionChannel

    let eventLoopGroup: any EventLoopGroup

    /// The carrier and what configures connections for it, once the transport listens.
    private struct Carrier: Sendable {
        let channel: any Channel
        let configurator: HTTP2ServerTransport.ConnectionConfigurator
        let handoff: NIOLoopBound<ConnectionHandoff>
    }

    private let listening: EventLoopPromise<Carrier>
    private let isListeningCompleted = Mutex(false)

    init(eventLoopGroup: any EventLoopGroup) {
        self.eventLoopGroup = eventLoopGroup
        self.listening = eventLoopGroup.any().makePromise(of: Carrier.self)
    }

    deinit {
        stop()
    }

    func makeListeningChannel(
        listenerConfigurator: HTTP2ServerTransport.ListenerConfigurator,
        connectionConfigurator: HTTP2ServerTransport.ConnectionConfigurator
    ) async throws -> NIOAsyncChannel<ConnectionChannel, Never> {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else {
            throw GRPCTransportError(description: "the gRPC transport could not create its carrier pipe: errno \(errno)")
        }
        // NIO owns both descriptors from here and closes them with the channel.
        let (channel, asyncChannel, handoff) = try await NIOPipeBootstrap(group: eventLoopGroup)
            .takingOwnershipOfDescriptors(input: descriptors[0], output: descriptors[1]) { channel in
                listenerConfigurator.configure(channel: channel).flatMapThrowing {
                    let handoff = ConnectionHandoff()
                    try channel.pipeline.syncOperations.addHandler(handoff)
                    let asyncChannel = try NIOAsyncChannel<ConnectionChannel, Never>(wrappingChannelSynchronously: channel)
                    return (channel, asyncChannel, NIOLoopBound(handoff, eventLoop: channel.eventLoop))
                }
            }
        complete(.success(Carrier(channel: channel, configurator: connectionConfigurator, handoff: handoff)))
        return asyncChannel
    }

    /// Waits until the transport listens (the carrier exists); throws when it never will.
    func waitUntilListening() async throws {
        _ = try await listening.futureResult.get()
    }

    /// Marks the transport stopped: a connection still waiting for the carrier is closed.
    func stop() {
        complete(.failure(GRPCTransportError(description: "the gRPC transport is not listening (it stopped or failed to start)")))
    }

    /// Configures `channel` (an accepted HTTP/2 connection, on its event loop) for gRPC and hands
    /// it to the transport. The future is on the channel's event loop.
    func attach(_ channel: any Channel) -> EventLoopFuture<Void> {
        listening.futureResult.hop(to: channel.eventLoop).flatMap { carrier in
            // Hummingbird accepts with remote half-closure allowed (HTTP/1 needs it); grpc-swift's
            // pipeline ignores a half-close, so a client that shuts down its side after GOAWAY
            // would hold a draining server open. grpc-swift's own listener does not allow it either.
            do {
                try channel.syncOptions?.setOption(ChannelOptions.allowRemoteHalfClosure, value: false)
            } catch {
                return channel.eventLoop.makeFailedFuture(error)
            }
            return carrier.configurator.configure(channel: channel, tls: .none).map { connection in
                Self.deliver(channel, connection, to: carrier)
            }
        }
    }

    private static func deliver(_ channel: any Channel, _ connection: ConnectionChannel, to carrier: Carrier) {
        carrier.channel.eventLoop.execute {
            guard carrier.channel.isActive else {
                channel.close(promise: nil)
                return
            }
            let handoff = carrier.handoff.value
            handoff.pending = (ObjectIdentifier(channel), connection)
            carrier.channel.pipeline.syncOperations.fireChannelRead(NIOAny(channel))
            carrier.channel.pipeline.syncOperations.fireChannelReadComplete()
            if handoff.pending != nil {
                // The transport's listener refused it (it is shutting down and closed it).
                handoff.pending = nil
            }
        }
    }

    private func complete(_ result: Result<Carrier, any Error>) {
        let first = isListeningCompleted.withLock { completed in
            defer { completed = true }
            return !completed
        }
        if first { listening.completeWith(result) }
    }
}

/// The carrier's last handler before the async channel: turns the accepted `Channel` (what
/// grpc-swift's listener handler records, ahead of this one) back into the `ConnectionChannel`
/// the transport consumes. Used only on the carrier's event loop.
final class ConnectionHandoff: ChannelInboundHandler {
    typealias InboundIn = any Channel
    typealias InboundOut = HTTP2ServerTransport.ConnectionConfigurator.ConnectionChannel

    /// The connection being fired through the pipeline, keyed by its channel.
    var pending: (ObjectIdentifier, HTTP2ServerTransport.ConnectionConfigurator.ConnectionChannel)?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let channel = unwrapInboundIn(data)
        guard let (identifier, connection) = pending, identifier == ObjectIdentifier(channel) else {
            channel.close(promise: nil)
            return
        }
        pending = nil
        context.fireChannelRead(wrapInboundOut(connection))
    }
}

@available(*, unavailable)
extension ConnectionHandoff: Sendable {}

/// A failure of the gRPC side of the shared port, saying what failed.
struct GRPCTransportError: Error, CustomStringConvertible {
    let description: String
}
