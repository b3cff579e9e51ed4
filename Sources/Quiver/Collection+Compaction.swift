// Compaction controls: merge segments and drop deleted rows now, see what the background
// Compactor is doing, pause and resume it.

import QuiverStorage

/// What a `compact()` did.
public struct CompactionSummary: Sendable, Equatable {
    public let mergeCount: Int
    public let inputSegmentCount: Int
    public let rowsWritten: Int
    public let deletedRowsDropped: Int
    public let bytesWritten: Int
    public let seconds: Double
}

public struct CompactionStatus: Sendable, Equatable {
    public let isRunning: Bool
    public let isEnabled: Bool
    public let lastResult: CompactionSummary?
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
