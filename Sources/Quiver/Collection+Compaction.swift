// Compaction controls: merge segments and drop deleted rows now, see what the background
// Compactor is doing, pause and resume it.

import QuiverStorage

/// What a `compact()` did.
public struct CompactionSummary: Sendable, Equatable {
    /// Merges run (each writes one output segment).
    public let mergeCount: Int
    /// Segments the merges read and replaced.
    public let inputSegmentCount: Int
    /// Live rows copied into the outputs.
    public let rowsWritten: Int
    /// Deleted rows the merges left out for good.
    public let deletedRowsDropped: Int
    /// Bytes of the output segment files.
    public let bytesWritten: Int
    /// Wall-clock seconds the merges took.
    public let seconds: Double
}

/// What the background Compactor is doing and did last.
public struct CompactionStatus: Sendable, Equatable {
    /// A merge is running now.
    public let isRunning: Bool
    /// Background compaction runs by itself (see `pauseCompaction` / `resumeCompaction`).
    public let isEnabled: Bool
    /// The last completed compaction, if any.
    public let lastResult: CompactionSummary?
    /// The last compaction failure's description, if the last attempt failed.
    public let lastError: String?
}

extension Collection {
    /// Merges every segment below the target size and rewrites every segment with deleted rows,
    /// returning once the results are published (searches see them) and committed.
    @discardableResult
    public func compact() async throws -> CompactionSummary {
        let result = try await compactor.compact()
        return CompactionSummary(result)
    }

    /// The background Compactor's state and its last result.
    public func compactionStatus() async -> CompactionStatus {
        let compactor = self.compactor
        return CompactionStatus(isRunning: await compactor.state == .running, isEnabled: await compactor.options.isEnabled,
                                lastResult: await compactor.lastResult.map(CompactionSummary.init),
                                lastError: await compactor.lastError)
    }

    /// Pauses (false) or resumes (true) background compaction; `compact()` runs either way.
    public func setBackgroundCompaction(enabled: Bool) async {
        await compactor.setEnabled(enabled)
    }
}

extension CompactionSummary {
    init(_ result: Compactor.Result) {
        self.init(mergeCount: result.mergeCount, inputSegmentCount: result.inputSegmentCount, rowsWritten: result.rowsWritten,
                  deletedRowsDropped: result.deletedRowsDropped, bytesWritten: result.bytesWritten, seconds: result.seconds)
    }
}
