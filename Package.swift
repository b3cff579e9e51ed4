// swift-tools-version: 6.1
// Quiver: a vector database in Swift. Targets and their roles are in docs/ARCHITECTURE.md; each
// target imports only the targets listed before it.
import PackageDescription

let package = Package(
    name: "Quiver",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Quiver", targets: ["Quiver"]),
        // The REST daemon as a library, for programs that embed `quiver serve` (and the fuzzers).
        .library(name: "QuiverServer", targets: ["QuiverServer"]),
        .executable(name: "quiver", targets: ["quiver"]),
        .executable(name: "quiver-bench", targets: ["quiver-bench"]),
        .executable(name: "quiver-torture", targets: ["quiver-torture"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Hummingbird's own dependencies, named because QuiverServer imports their modules.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // ServiceGroup's Service protocol: the gRPC server runs beside the HTTP server in it.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // HTTP/2 frames and HPACK headers, for the gRPC request cap (grpc-swift-nio-transport's dependency).
        .package(url: "https://github.com/apple/swift-nio-http2", from: "1.46.0"),
        // `swift package generate-documentation` (make docs); not built by `swift build`.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // The Milvus gRPC protocol: Protocol Buffers messages and grpc-swift-2 stubs (QuiverGRPC),
        // served over HTTP/2 by QuiverServer.
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
    ],
    targets: [
        // System libraries from Debian (see Makefile `deps`).
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),

        // Distance kernels with per-function CPU targets and prefetch (Sources/CQuiverSIMD).
        .target(name: "CQuiverSIMD"),
        .target(name: "QuiverKernels", dependencies: ["COpenBLAS", "CQuiverSIMD"]),
        .target(name: "QuiverFileSystem"),
        .target(name: "QuiverJSON"),
        .target(name: "QuiverIndex", dependencies: ["QuiverKernels", "CQuiverSIMD"]),
        .target(name: "QuiverFilter", dependencies: ["QuiverKernels"], exclude: ["FilterGrammar.md"]),
        .target(name: "QuiverCatalog", dependencies: ["CSQLite", "QuiverFileSystem"], exclude: ["CatalogFormat.md"]),
        .target(
            name: "QuiverStorage",
            dependencies: ["QuiverKernels", "QuiverFileSystem", "QuiverCatalog", "QuiverIndex", "QuiverJSON", "CLZ4"],
            exclude: ["WAL/WALFormat.md", "Segment/SegmentFormat.md", "Segment/DeletionFileFormat.md", "Segment/IndexFileFormat.md"]),
        .target(name: "QuiverQuery", dependencies: ["QuiverStorage", "QuiverIndex", "QuiverFilter", "QuiverKernels", "QuiverJSON"]),
        .target(name: "Quiver", dependencies: ["QuiverQuery", "QuiverStorage", "QuiverIndex", "QuiverFilter", "QuiverFileSystem", "QuiverKernels"]),
        // The Milvus wire model every door translates into: codes, errors, request accessors,
        // collections/create, rows, index parameters.
        .target(name: "QuiverMilvus", dependencies: ["Quiver", "QuiverJSON"]),
        // The Milvus gRPC protocol: the .proto subset Quiver serves (Protos, written from the wire)
        // and the Swift generated from it (Generated; Tools/grpc/generate.sh). No Quiver target.
        .target(
            name: "QuiverGRPC",
            dependencies: [
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
            ],
            exclude: ["Protos"]),
        // The exact-search oracle, recall and test data, below every engine target so each test
        // target measures against the same ones.
        .target(name: "QuiverTestOracle", dependencies: ["QuiverKernels"]),
        .target(name: "QuiverTestSupport", dependencies: ["Quiver", "QuiverFileSystem", "QuiverKernels", "QuiverTestOracle"]),
        // Tests and tools only: child processes (ChildProcess) and a loopback HTTP/1.1 client
        // (LoopbackHTTPClient), shared by the CLI and server tests, quiver-bench and quiver-torture.
        .target(name: "QuiverHarness", dependencies: ["QuiverJSON"]),
        .target(
            name: "QuiverServer",
            dependencies: [
                "Quiver", "QuiverMilvus", "QuiverJSON", "QuiverGRPC",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                // MemoryFileSystem, for the route fuzzer's fixture (RouteFuzzFixture.swift).
                "QuiverFileSystem",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "NIOHPACK", package: "swift-nio-http2"),
            ]),

        .executableTarget(
            name: "quiver",
            dependencies: ["Quiver", "QuiverServer", "QuiverMilvus", "QuiverJSON", "QuiverKernels", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Tools/quiver"),
        .executableTarget(
            name: "quiver-bench",
            dependencies: ["Quiver", "QuiverIndex", "QuiverKernels", "QuiverGRPC", "QuiverHarness",
                           .product(name: "GRPCCore", package: "grpc-swift-2"),
                           .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Tools/quiver-bench"),
        .executableTarget(name: "quiver-torture", dependencies: ["Quiver", "QuiverStorage", "QuiverKernels", "QuiverJSON", "QuiverGRPC", "QuiverHarness",
                                                         .product(name: "GRPCCore", package: "grpc-swift-2"),
                                                         .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"), .product(name: "ArgumentParser", package: "swift-argument-parser")], path: "Tools/quiver-torture"),

        .testTarget(name: "QuiverKernelsTests", dependencies: ["QuiverKernels", "CQuiverSIMD"]),
        .testTarget(name: "QuiverFileSystemTests", dependencies: ["QuiverFileSystem"]),
        .testTarget(name: "QuiverJSONTests", dependencies: ["QuiverJSON"]),
        .testTarget(name: "QuiverIndexTests", dependencies: ["QuiverIndex", "QuiverKernels", "QuiverTestOracle"]),
        .testTarget(name: "QuiverFilterTests", dependencies: ["QuiverFilter", "QuiverKernels"]),
        .testTarget(name: "QuiverCatalogTests", dependencies: ["QuiverCatalog", "QuiverFileSystem", "QuiverKernels"]),
        .testTarget(name: "QuiverStorageTests", dependencies: ["QuiverStorage", "QuiverTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "QuiverTests", dependencies: ["Quiver", "QuiverStorage", "QuiverQuery", "QuiverFilter", "QuiverFileSystem", "QuiverKernels", "QuiverTestSupport"]),
        .testTarget(name: "QuiverCLITests", dependencies: ["Quiver", "QuiverHarness", "QuiverJSON"]),
        .testTarget(
            name: "QuiverServerTests",
            dependencies: [
                "QuiverServer", "Quiver", "QuiverMilvus", "QuiverJSON", "QuiverGRPC", "QuiverHarness",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCInProcessTransport", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                // The real client transport, for the shared-port tests against `quiver serve`.
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]),
    ]
)
