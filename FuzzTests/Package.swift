// swift-tools-version: 6.1
// Quiver's libFuzzer targets: one executable per on-disk decoder, the filter parser, the REST
// decoders and each REST route family, each a single LLVMFuzzerTestOneInput calling a public
// entry point (FuzzEntryPoints, FilterFuzzEntryPoint, RESTFuzzEntryPoint, RouteFuzzEntryPoint).
// A separate package so the root package stays free of sanitizer flags; nobody depends on it.
// Build and run: see README.md (`make fuzz` from the repository root).
import PackageDescription

// A path dependency's identity is its directory's name (whatever the clone is called), so the
// product is looked up under the name of the directory above this one.
let rootPackageIdentity = Context.packageDirectory.split(separator: "/").dropLast().last.map(String.init) ?? "quiver"

/// One route fuzzer per route family (RouteFuzzEntryPoint): whole requests into a real database.
let routeTargets = ["collections", "entities", "partitions", "indexes", "aliases"].map { "rest-route-\($0)" }

let fuzzTargets = ["wal-reader", "segment-reader", "deletion-file", "index-file", "index-decoder", "filter-parser",
                   "catalog-records", "rest-request"] + routeTargets

/// The product a target's entry point lives in: the REST decoders and routes are in QuiverServer.
func product(for target: String) -> String { target.hasPrefix("rest-") ? "QuiverServer" : "Quiver" }

let package = Package(
    name: "QuiverFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "..")],
    targets: fuzzTargets.map { name in
        .executableTarget(name: name, dependencies: [.product(name: product(for: name), package: rootPackageIdentity)],
                          path: "Targets/\(name)")
    }
)
