// /metrics content and docs/openapi.yaml kept in step with the router.

import Foundation
import Hummingbird
import Quiver
@testable import QuiverServer
import Testing

@Suite struct MetricsAndDocumentationTests {
    @Test func metricsCountRequestsRowsAndSegmentsInPrometheusText() async throws {
        try await RouterHarness.withServer { api, _ in
            try await api.ok("collections/create", #"{"collectionName":"c","dimension":2}"#)
            try await api.ok("entities/insert", #"{"collectionName":"c","data":[{"id":1,"vector":[1,2]},{"id":2,"vector":[2,1]}]}"#)
            try await api.ok("collections/flush", #"{"collectionName":"c"}"#)
            try await api.ok("entities/search", #"{"collectionName":"c","data":[[1,2],[2,1],[0,1]]}"#)
            try await api.ok("entities/delete", #"{"collectionName":"c","id":[1]}"#)
            _ = try await api.call("collections/describe", #"{"collectionName":"ghost"}"#)
            let (status, text) = try await api.text("/metrics")
            #expect(status == .ok)
            let lines = text.split(separator: "\n").map(String.init)
            func value(_ prefix: String) -> Double? {
                lines.first { $0.hasPrefix(prefix + " ") }.flatMap { Double($0.split(separator: " ").last!) }
            }
            #expect(value("quiver_inserted_rows_total") == 2)
            #expect(value("quiver_deleted_rows_total") == 1)
            #expect(value("quiver_searched_rows_total") == 3)
            #expect(value("quiver_segments") == 1)
            #expect(value("quiver_collections") == 1)
            #expect((value("quiver_process_resident_memory_bytes") ?? 0) > 0)
            #expect(lines.contains(#"quiver_http_requests_total{route="/v2/vectordb/entities/insert",outcome="ok",code="0"} 1"#))
            #expect(lines.contains(#"quiver_http_requests_total{route="/v2/vectordb/collections/describe",outcome="error",code="100"} 1"#))
            #expect(lines.contains { $0.hasPrefix(#"quiver_http_request_duration_seconds_bucket{route="/v2/vectordb/entities/search",outcome="ok""#) })
        }
    }

    /// The value of the sample line `name value` (no labels), 0 when absent.
    static func sample(_ name: String, in text: String) -> Double {
        text.split(separator: "\n").first { $0.hasPrefix(name + " ") }
            .flatMap { Double($0.split(separator: " ").last!) } ?? 0
    }

    @Test func engineMetricsMoveWithFsyncsCompactionAndIndexBuilds() async throws {
        try await RouterHarness.withServer(adjust: { $0.indexBuildThresholdRows = 2 }) { api, database in
            try await api.ok("collections/create", #"{"collectionName":"c","dimension":2}"#)
            let before = try await api.text("/metrics").1
            #expect(Self.sample("quiver_compaction_runs_total", in: before) == 0)
            #expect(Self.sample("quiver_index_builds_total", in: before) == 0)
            let fsyncsBefore = Self.sample("quiver_wal_fsync_duration_seconds_count", in: before)

            try await api.ok("entities/insert", #"{"collectionName":"c","data":[{"id":1,"vector":[1,2]},{"id":2,"vector":[2,1]}]}"#)
            try await api.ok("collections/flush", #"{"collectionName":"c"}"#)
            try await api.ok("entities/insert", #"{"collectionName":"c","data":[{"id":3,"vector":[1,1]},{"id":4,"vector":[2,2]}]}"#)
            try await api.ok("collections/flush", #"{"collectionName":"c"}"#)
            try await api.ok("collections/compact", #"{"collectionName":"c"}"#)
            let built = try await database.collection("c").buildIndexes()
            #expect(built == 1)

            let after = try await api.text("/metrics").1
            #expect(Self.sample("quiver_wal_fsync_duration_seconds_count", in: after) >= fsyncsBefore + 2)
            #expect(Self.sample("quiver_wal_fsync_duration_seconds_sum", in: after) > 0)
            #expect(Self.sample("quiver_compaction_runs_total", in: after) == 1)
            #expect(Self.sample("quiver_compaction_rows_written_total", in: after) == 4)
            #expect(Self.sample("quiver_compaction_bytes_written_total", in: after) > 0)
            #expect(Self.sample("quiver_compaction_duration_seconds_count", in: after) == 1)
            #expect(Self.sample("quiver_index_builds_total", in: after) == 1)
            #expect(Self.sample("quiver_index_build_duration_seconds_count", in: after) == 1)
            #expect(Self.sample("quiver_index_build_duration_seconds_sum", in: after) > 0)
        }
    }

    /// `path -> methods` as docs/openapi.yaml lists them (two-space path keys, four-space methods).
    static func documentedRoutes() throws -> Set<String> {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/openapi.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        var routes = Set<String>()
        var inPaths = false
        var path: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line == "paths:" { inPaths = true; continue }
            guard inPaths else { continue }
            if !line.hasPrefix(" "), !line.isEmpty { break }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let method = line.trimmingCharacters(in: .whitespaces).dropLast()
                if ["get", "post", "put", "delete", "patch", "head"].contains(String(method)) {
                    routes.insert("\(method.uppercased()) \(path)")
                }
            }
        }
        return routes
    }

    @Test func openAPIListsExactlyTheRegisteredRoutes() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quiver-openapi-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = try await Database.open(at: directory)
        let router = RESTServer.makeRouter(database: database)
        let registered = Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
        await database.close()
        let documented = try Self.documentedRoutes()
        #expect(registered.count == APIRoutes.all.count + 2)
        #expect(registered.subtracting(documented).isEmpty, "registered but not documented: \(registered.subtracting(documented).sorted())")
        #expect(documented.subtracting(registered).isEmpty, "documented but not registered: \(documented.subtracting(registered).sorted())")
    }
}
