// ServerMetrics: the counters `GET /metrics` serves in Prometheus text format, recorded through
// swift-metrics into this server's own Prometheus registry (no global bootstrap, so tests can
// run several servers in one process).
//   quiver_http_requests_total{route,outcome,code}       requests by route and outcome
//   quiver_http_request_duration_seconds{route,outcome}  latency histogram
//   quiver_inserted_rows_total, quiver_deleted_rows_total, quiver_searched_rows_total (query vectors)
//   quiver_collections, quiver_rows, quiver_segments, quiver_buffer_rows, quiver_wal_bytes (gauges,
//   summed over collections at scrape time), quiver_process_resident_memory_bytes.
//   WAL fsyncs, compaction merges and index builds come from the engine's event hub
//   (ServerMetrics+StorageEvents.swift).
// Invariant: every metric name keeps one set of label names.

import CoreMetrics
import Prometheus
import Quiver
import QuiverMilvus

/// The Prometheus counters and histograms `GET /metrics` prints.
public final class ServerMetrics: Sendable {
    // Immutable after init; the registry and factory are thread-safe.
    private let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory

    /// Fresh metrics with every series registered at zero.
    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(10), .microseconds(25), .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
        ]
        self.factory = factory
    }

    /// `outcome` is "ok", "error" (an API failure), or the transport refusal
    /// ("unauthenticated", "method_not_allowed", "body_too_large").
    func recordRequest(route: String, outcome: String, code: APICode, duration: Duration) {
        CoreMetrics.Counter(label: "quiver_http_requests_total",
                            dimensions: [("route", route), ("outcome", outcome), ("code", String(code.rawValue))],
                            factory: factory).increment()
        CoreMetrics.Timer(label: "quiver_http_request_duration_seconds", dimensions: [("route", route), ("outcome", outcome)],
                          factory: factory).recordNanoseconds(duration.nanoseconds)
    }

    func recordInserted(rowCount: Int) { count("quiver_inserted_rows_total", rowCount) }
    func recordDeleted(rowCount: Int) { count("quiver_deleted_rows_total", rowCount) }
    func recordSearched(queryCount: Int) { count("quiver_searched_rows_total", queryCount) }

    private func count(_ label: String, _ amount: Int) {
        CoreMetrics.Counter(label: label, factory: factory).increment(by: max(amount, 0))
    }

    /// Samples the database and the process, then renders every metric.
    func render(database: Database) async -> String {
        var rows = 0, segments = 0, bufferRows = 0, walBytes = 0
        let names = (try? database.listCollections()) ?? []
        for name in names {
            guard let collection = try? database.collection(name) else { continue }
            let statistics = await collection.statistics()
            rows += statistics.rowCount
            segments += statistics.segmentCount
            bufferRows += statistics.bufferRowCount
            walBytes += statistics.walByteCount
        }
        gauge("quiver_collections", names.count)
        gauge("quiver_rows", rows)
        gauge("quiver_segments", segments)
        gauge("quiver_buffer_rows", bufferRows)
        gauge("quiver_wal_bytes", walBytes)
        if let resident = ProcessMemory.residentByteCount() { gauge("quiver_process_resident_memory_bytes", resident) }
        return registry.emitToString()
    }

    private func gauge(_ label: String, _ value: Int) {
        CoreMetrics.Gauge(label: label, factory: factory).record(value)
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
