// CommitPipeline: the one ordered queue through which every change to a collection's files
// becomes durable (LevelDB's VersionEdit and LogAndApply). Flush, merge and index attach each
// stage their change on the writer with no await (freeze the buffer, swap a merge output in,
// nothing for an index), then queue one CommitJob. A job runs in three steps, always in order:
//   1. off the writer, on the flush thread: write the job's files durably (tmp, fsync, rename,
//      fsync dir) and build the one CatalogCommit that references them;
//   2. off the writer: that catalog commit, the job's commit point;
//   3. on the writer: apply the job's VersionEdit and publish.
// Invariants:
// - jobs run one at a time, in the order they were queued, so a checkpoint never passes a
//   merge's deletions and an index is never committed for a segment a merge committed away;
// - a job whose step 1 or 2 fails stops the writer for good (the WAL still holds every record
//   the job covers) and no later job runs;
// - step 3 does no I/O but removing files the catalog no longer references;
// - a job whose edit no longer applies when it reaches the head of the queue (an index whose
//   segment was merged away or whose spec was dropped) is discarded before step 1.

import QuiverCatalog
import QuiverFileSystem
import QuiverKernels

/// One entry of the commit pipeline: files, one catalog commit, one edit.
struct CommitJob: Sendable {
    /// What the job does, for the error that stops the writer ("flushing a segment").
    let activity: String
    /// Step 1, run off the writer: writes the job's files durably into the segment directory and
    /// returns the catalog commit that references them.
    let writeFiles: @Sendable (_ files: SegmentDirectory) throws -> CatalogCommit
    /// Reached between step 1 and step 2 (crash tests).
    var killPointBeforeCommit: KillPoint? = nil
    /// Reached between step 2 and step 3 (crash tests).
    var killPointAfterCommit: KillPoint? = nil
    /// Step 3, applied on the writer once the catalog holds the commit.
    let edit: VersionEdit
}

/// Where a job writes: a collection's segment directory on its file system.
struct SegmentDirectory: Sendable {
    let path: String
    let fileSystem: any FileSystem

    /// Writes a file durably under its final name; the catalog does not reference it yet.
    func writeDurably(_ bytes: [UInt8], name: String) throws {
        try SegmentFiles.writeDurably(bytes, name: name, directory: path, fileSystem: fileSystem)
    }
}

/// What a committed job changes in the writer's state (step 3).
enum VersionEdit: Sendable {
    /// A flush: the frozen buffer's segment (if any) and the deletion files are committed, and
    /// the checkpoint moves to `checkpoint`.
    case flushed(segmentID: Int64?, deletions: [DeletionSnapshot], checkpoint: UInt64)
    /// A merge: the output segment (already swapped in) is committed; its inputs' files retire.
    case merged(MergeEdit)
    /// An index file for a segment's vector field is committed: the index is attached.
    case indexAttached(IndexAttachment)
}

/// A deletion bitmap handed to a flush job, and the file it is written to.
struct DeletionSnapshot: Sendable {
    let segmentID: Int64
    let deleted: Bitset
    let fileName: String
}

/// The outcome of a merge, applied after its commit.
struct MergeEdit: Sendable {
    let outputSegmentID: Int64
    let retiredStores: [ColumnStore]
    /// The output's deletion file (rows deleted while the merge ran), if any.
    let deletion: DeletionSnapshot?
}

/// An index built by the Compactor and written to `fileName`, for one segment's field.
struct IndexAttachment: Sendable {
    let index: SegmentIndex
    let segmentID: Int64
    let fieldName: String
    let fileName: String
}

extension CollectionWriter {
    /// Queues `job` behind every job queued before it. The task answers whether the job's edit
    /// was applied (false: discarded, or the writer stopped).
    @discardableResult
    func enqueue(_ job: CommitJob) -> Task<Bool, Never> {
        let previous = commitQueue
        let task = Task { [weak self] () -> Bool in
            await previous?.value
            return await self?.run(job) ?? false
        }
        commitQueue = Task { _ = await task.value }
        return task
    }

    /// Steps 1 to 3 of one job; the job before it has finished.
    private func run(_ job: CommitJob) async -> Bool {
        guard failure == nil else { return false }
        guard isApplicable(job.edit) else {
            discard(job.edit)
            return false
        }
        let directory = SegmentDirectory(path: segmentDirectory, fileSystem: fileSystem), catalog = self.catalog
        let committed = await Task.detached(executorPreference: BackgroundExecutors.flush) { () -> Result<Void, any Error> in
            Result {
                let commit = try job.writeFiles(directory)
                job.killPointBeforeCommit?.reached()
                try catalog.commit(commit)
                job.killPointAfterCommit?.reached()
            }
        }.value
        if case .failure(let error) = committed {
            stop(because: error, during: job.activity)
            return false
        }
        return await apply(job.edit)
    }

    /// Whether the edit still applies at the head of the queue (before its files are committed).
    private func isApplicable(_ edit: VersionEdit) -> Bool {
        switch edit {
        case .flushed, .merged: true
        case .indexAttached(let attachment): canAttach(attachment)
        }
    }

    /// Drops what a discarded job wrote before it was queued.
    private func discard(_ edit: VersionEdit) {
        switch edit {
        case .flushed, .merged: break
        case .indexAttached(let attachment):
            try? fileSystem.removeFile(atPath: segmentDirectory + "/" + attachment.fileName)
        }
    }

    /// Step 3: the committed edit becomes the writer's state. Returns whether it was applied.
    private func apply(_ edit: VersionEdit) async -> Bool {
        switch edit {
        case .flushed(let segmentID, let deletions, let checkpoint):
            await applyFlush(segmentID: segmentID, deletions: deletions, checkpoint: checkpoint)
            return true
        case .merged(let merge):
            applyMerge(merge)
            return true
        case .indexAttached(let attachment):
            return applyIndex(attachment)
        }
    }
}
