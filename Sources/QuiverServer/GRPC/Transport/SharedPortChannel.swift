// SharedPortChannel: Hummingbird's per-connection setup for the one port `quiver serve` listens
// on, serving REST (HTTP/1.1) and Milvus gRPC (HTTP/2) side by side, as Milvus does on 19530.
// Hummingbird binds and accepts; this child channel puts a ProtocolSniffer first on every
// connection. HTTP/1.1 gets the unchanged HTTP1Channel (RequestReadDeadline, CloseAfterResponse,
// the idle timeout, the router); HTTP/2 goes to grpc-swift through GRPCConnectionBridge.
//
// Why the decision is not made inside `setup`: NIO registers an accepted channel (so it starts
// reading) only after the child initializer's future completes, so `setup` must return at once;
// its value carries a future of the decision, which `handle` awaits.
// Both kinds of connection stay children of Hummingbird's listener, so Hummingbird's graceful
// shutdown covers both: it stops accepting and sends every connection the quiesce event, which
// HTTP/1 answers by closing when idle and grpc-swift by GOAWAY after in-flight calls finish;
// Hummingbird returns once all have closed.
// Invariants: `handle` returns once the connection has closed (or was cancelled, which closes it).
// Ownership: one value per server (Sendable).

import HummingbirdCore
import Logging
import NIOCore

struct SharedPortChannel: ServerChildChannel {
    /// The protocol a connection turned out to speak, with what serves it.
    enum Connection: Sendable {
        case http1(HTTP1Channel.Value)
        case grpc
    }

    /// An accepted connection whose protocol is decided by its first bytes.
    struct Value: ServerChildChannelValue {
        let channel: any Channel
        let connection: EventLoopFuture<Connection>
    }

    let http1: HTTP1Channel
    let grpc: GRPCConnectionBridge
    /// How long a connection may take to send enough bytes to tell its protocol.
    let sniffTimeout: TimeAmount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let decided = channel.eventLoop.makePromise(of: Connection.self)
            let sniffer = ProtocolSniffer<Connection>(timeout: sniffTimeout, decided: decided) { [http1, grpc] channel, detected in
                switch detected {
                case .http1:
                    return http1.setup(channel: channel, logger: logger).map { .http1($0) }
                case .http2:
                    return grpc.attach(channel).map { .grpc }
                }
            }
            try channel.pipeline.syncOperations.addHandler(sniffer)
            return Value(channel: channel, connection: decided.futureResult)
        }
    }

    func handle(value: Value, logger: Logger) async {
        let connection: Connection
        do {
            connection = try await withTaskCancellationHandler {
                try await value.connection.get()
            } onCancel: {
                value.channel.close(promise: nil)
            }
        } catch {
            logger.trace("connection ended before its protocol was known", metadata: ["error": .string("\(error)")])
            return
        }
        switch connection {
        case .http1(let asyncChannel):
            await http1.handle(value: asyncChannel, logger: logger)
        case .grpc:
            // grpc-swift serves the connection in its own tasks; this one only lives as long as it.
            await withTaskCancellationHandler {
                try? await value.channel.closeFuture.get()
            } onCancel: {
                value.channel.close(promise: nil)
            }
        }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 (as `http1(configuration:)` builds it) and gRPC on the same port.
    static func sharedPort(http1 configuration: HTTP1Channel.Configuration, grpc: GRPCConnectionBridge,
                           sniffTimeout: TimeAmount) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            SharedPortChannel(http1: HTTP1Channel(responder: responder, configuration: configuration), grpc: grpc,
                              sniffTimeout: sniffTimeout)
        }
    }
}
