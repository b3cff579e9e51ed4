// The engine's background and durability work as Prometheus metrics. QuiverStorage knows no
// metrics library; it emits StorageEvents on the database's hub and this file turns them into:
//   quiver_wal_fsync_duration_seconds            histogram of WAL fsyncs (one per group commit)
//   quiver_compaction_runs_total                 merges published
//   quiver_compaction_bytes_written_total        bytes of the segment files merges wrote
//   quiver_compaction_rows_written_total         live rows merges copied
//   quiver_compaction_duration_seconds           histogram of merge durations
//   quiver_index_builds_total                    segment indexes built and committed
//   quiver_index_build_duration_seconds          histogram of index builds (its _sum is the seconds)
// No collection label: collections are renamed and dropped, and the totals are what alerts need.

import CoreMetrics
import Quiver

extension ServerMetrics {
    /// Records every later event of `hub` (the database's `events`).
    func observe(_ hub: StorageEventHub) {
        hub.addObserver { [weak self] event in self?.record(event) }
    }

    func record(_ event: StorageEvent) {
        switch event {
        case .walSynced(_, let duration):
            timer("quiver_wal_fsync_duration_seconds", duration)
        case .segmentsMerged(_, _, let rowCount, let byteCount, let duration):
            counter("quiver_compaction_runs_total", 1)
            counter("quiver_compaction_bytes_written_total", byteCount)
            counter("quiver_compaction_rows_written_total", rowCount)
            timer("quiver_compaction_duration_seconds", duration)
        case .indexBuilt(_, _, _, let duration):
            counter("quiver_index_builds_total", 1)
            timer("quiver_index_build_duration_seconds", duration)
        }
    }

    private func counter(_ label: String, _ amount: Int) {
        CoreMetrics.Counter(label: label, factory: factory).increment(by: max(amount, 0))
    }

    private func timer(_ label: String, _ duration: Duration) {
        CoreMetrics.Timer(label: label, factory: factory).recordNanoseconds(duration.nanoseconds)
    }
}
