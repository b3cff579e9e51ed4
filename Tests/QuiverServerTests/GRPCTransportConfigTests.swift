// The gRPC transport takes its settings from the server's: the request message cap is the REST
// body cap, and clients may ping without calls every 5 s (pymilvus pings idle connections every
// 10 s; grpc-swift's default would answer with GOAWAY). Checked on the value the server builds,
// since a keepalive violation only shows after minutes of idling.

import GRPCNIOTransportHTTP2
@testable import QuiverServer
import Testing

@Suite struct GRPCTransportConfigTests {
    @Test func theTransportConfigFollowsTheServerConfiguration() {
        let config = MilvusGRPCServer.transportConfig(ServerConfiguration(maxBodyByteCount: 12_345))
        #expect(config.rpc.maxRequestPayloadSize == 12_345)
        #expect(config.connection.keepalive.clientBehavior.allowWithoutCalls)
        #expect(config.connection.keepalive.clientBehavior.minPingIntervalWithoutCalls == .seconds(5))
        #expect(MilvusGRPCServer.transportConfig(ServerConfiguration()).rpc.maxRequestPayloadSize
                    == ServerConfiguration.defaultMaxBodyByteCount)
    }
}
