// Flush: seal the mutable buffer into a segment file and move the catalog checkpoint.
// Steps: (1) on the actor, with no await and no fsync: apply every durable record, mark the WAL
// due for rotation (LogRotation runs it off the actor), freeze the buffer (it stays searchable),
// start a new buffer that takes the rows of records still waiting for their fsync, and snapshot
// every deletion bitmap that changed; (2) off the actor: write the segment and deletion files (tmp,
// fsync, rename, fsync dir); (3) one catalog commit, the commit point: new segment, deletion
// files, checkpoint (the last applied record); (4) on the actor: mark the segment committed,
// then delete log files wholly below the checkpoint and deletion files the catalog no longer
// needs. Steps 2 to 4 are a job of the commit pipeline (CommitPipeline.swift), so flushes
// commit in order with each other and with merges and index attaches.
// A crash anywhere leaves either the old catalog state (and the WAL that covers it) or the new.

import Foundation
import QuiverCatalog
import QuiverFileSystem
import QuiverKernels

extension CollectionWriter {
    /// Freezes the buffer and schedules its flush; no await, so no other call interleaves, and
    /// no fsync: records still waiting for theirs stay pending and land in the new buffer.
    /// - Parameter minimumCapacity: rows the caller is about to reserve in the buffer.
    func freezeBuffer(minimumCapacity: Int = 0) throws {
        applyPending(through: options.durability == .sync ? durableSequence : nextSequence - 1)
        let buffer = stores[bufferID]!
        // Rows reserved by appended records not applied yet (they wait for their fsync).
        let pendingRows = bufferRowsReserved - buffer.rowCount
        let needsRoom = pendingRows + minimumCapacity > buffer.store.capacity
        let hasDeletions = stores.values.contains { $0.hasUnsnapshottedDeletions }
        guard buffer.rowCount > 0 || hasDeletions || needsRoom else { return }

        // Ask for a new log file (LogRotation runs it off the actor), so a later checkpoint can
        // retire this one. A file still holding records above a checkpoint stays until one passes.
        isRotationDue = true

        var frozen: ColumnStore? = nil
        if buffer.rowCount > 0 || needsRoom {
            frozen = buffer.rowCount > 0 ? buffer.store : nil
            if frozen == nil { stores[bufferID] = nil }
            let newID = segmentIDs.allocate()
            let capacity = max(bufferCapacity, pendingRows + minimumCapacity)
            stores[newID] = StoreState(store: ColumnStore(segmentID: newID, schema: schema, capacity: capacity),
                                       rowCount: 0, deleted: Bitset(count: 0), isCommitted: false,
                                       persistedDeletionFile: nil, persistedDeletedCount: 0)
            bufferID = newID
            bufferRowsReserved = pendingRows
        }
        // Every store but the (new) mutable buffer: segments, the store frozen now, and stores
        // frozen earlier whose flush is still running (their job commits before this one).
        var deletions: [DeletionSnapshot] = []
        for id in stores.keys.sorted() where id != bufferID && stores[id]!.hasUnsnapshottedDeletions {
            deletions.append(DeletionSnapshot(segmentID: id, deleted: stores[id]!.deleted,
                                              fileName: DeletionFile.fileName(segmentID: id, checkpoint: lastAppliedSequence)))
            stores[id]!.snapshottedDeletedCount = stores[id]!.deleted.setCount
        }
        publish()
        enqueue(flushJob(frozen: frozen, frozenRowCount: frozen.map { stores[$0.segmentID]!.rowCount } ?? 0,
                         deletions: deletions))
    }

    /// The commit job of a flush: the frozen buffer's segment file and the deletion files, one
    /// catalog commit that references them and moves the checkpoint, the auto-ID counter and the
    /// segment-ID counter.
    private func flushJob(frozen: ColumnStore?, frozenRowCount: Int, deletions: [DeletionSnapshot]) -> CommitJob {
        let collectionID = self.collectionID, checkpoint = lastAppliedSequence
        let nextAutoID = self.nextAutoID, nextSegmentID = segmentIDs.next
        return CommitJob(activity: "flushing a segment", writeFiles: { files in
            var commit = CatalogCommit(collectionID: collectionID)
            if let frozen {
                let bytes = SegmentCodec.encode(frozen, rowCount: frozenRowCount, collectionID: collectionID)
                let fileName = SegmentFiles.segmentFileName(frozen.segmentID)
                try files.writeDurably(bytes, name: fileName)
                let sequences = frozen.sequences.withPrefix(frozenRowCount) { ($0.min() ?? 0, $0.max() ?? 0) }
                commit.addedSegments = [SegmentRecord(collectionID: collectionID, segmentID: frozen.segmentID, fileName: fileName,
                                                      rowCount: Int64(frozenRowCount), byteCount: Int64(bytes.count),
                                                      minSequence: sequences.0, maxSequence: sequences.1, level: 0,
                                                      deletionFileName: nil, deletedCount: 0, createdAtMs: currentTimeMs())]
            }
            for deletion in deletions {
                try files.writeDurably(DeletionFile.encode(deletion.deleted, segmentID: deletion.segmentID), name: deletion.fileName)
            }
            commit.deletionUpdates = deletions.map {
                DeletionFileUpdate(segmentID: $0.segmentID, deletionFileName: $0.fileName, deletedCount: Int64($0.deleted.setCount))
            }
            commit.checkpointSequence = checkpoint
            commit.nextAutoID = nextAutoID
            commit.nextSegmentID = nextSegmentID
            return commit
        }, killPointBeforeCommit: .segmentWrittenBeforeCommit,
           edit: .flushed(segmentID: frozen?.segmentID, deletions: deletions, checkpoint: checkpoint))
    }

    /// After a flush's catalog commit: the new state is durable; drop what it superseded.
    func applyFlush(segmentID: Int64?, deletions: [DeletionSnapshot], checkpoint: UInt64) async {
        if let segmentID {
            stores[segmentID]?.isCommitted = true
        }
        var obsolete: [String] = []
        // A store may be gone: merged away after this job was snapshotted. Its files are retired
        // with it.
        for deletion in deletions {
            guard var state = stores[deletion.segmentID] else { continue }
            if let old = state.persistedDeletionFile, old != deletion.fileName { obsolete.append(old) }
            state.persistedDeletionFile = deletion.fileName
            state.persistedDeletedCount = deletion.deleted.setCount
            stores[deletion.segmentID] = state
        }
        checkpointSequence = max(checkpointSequence, checkpoint)
        // Removing superseded files is cleanup, not durability: a failure leaves a file the
        // catalog no longer references (or a WAL file below the checkpoint), and the next open
        // removes it. So these errors are not surfaced.
        for name in obsolete { try? fileSystem.removeFile(atPath: segmentDirectory + "/" + name) }
        // The rotation this flush asked for retires the file the checkpoint may now cover, and a
        // sync of a retired file may still be running (group commit): let both end first.
        await rotation?.value
        if let inFlight = syncInFlight { _ = await inFlight.result }
        let (done, kept) = retiredWALFiles.partitioned { $0.lastSequence <= checkpointSequence && $0.name != wal.name }
        for file in done {
            try? file.handle?.close()
            try? fileSystem.removeFile(atPath: walDirectory + "/" + file.name)
        }
        retiredWALFiles = kept
        publish()
    }

    /// Seals the buffer now and waits until its segment is committed.
    package func flush() async throws {
        try checkUsable()
        try freezeBuffer()
        startRotationIfDue()
        await commitQueue?.value
        try checkUsable()
    }

    /// Rows a new buffer holds before it is sealed early.
    var bufferCapacity: Int {
        max(1, min(options.bufferMaxRows, options.bufferMaxByteCount / rowByteEstimate))
    }

    /// Starts the timer that seals the buffer every `flushInterval` (and, in `.async` mode,
    /// syncs the WAL at least that often).
    func startFlushLoop() {
        let interval = options.flushInterval
        flushLoop = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self, !Task.isCancelled else { return }
                await self.tick()
            }
        }
    }

    private func tick() {
        guard failure == nil, !isClosed else { return }
        do {
            try freezeBuffer()
        } catch {
            // The writer has stopped; callers see the failure on their next call.
        }
        startRotationIfDue()
        if options.durability == .async { syncInBackground() }
    }

    /// Stops background work without flushing or syncing (see StorageEngine.abandon).
    package func abandon() async {
        flushLoop?.cancel()
        isClosed = true
        acceptsSyncs = false
        versions.markClosed()
        await commitQueue?.value
        await rotation?.value
        if let inFlight = syncInFlight { _ = await inFlight.result }
        closeLogFiles()
    }

    /// Flushes what is buffered, stops background work and closes the log.
    package func close(because reason: CloseReason = .closed) async {
        guard !isClosed else { return }
        closeReason = reason
        // From here on new calls throw .closed; records already appended are synced and applied
        // by the freeze below, so their callers still get their acknowledgement.
        isClosed = true
        flushLoop?.cancel()
        // Sync first (off the actor, in a group-commit round), so the freeze applies every record.
        await rotation?.value
        if failure == nil { try? await syncEverythingAppended() }
        if failure == nil { try? freezeBuffer() }
        await commitQueue?.value
        // No fsync may still be running on a handle we are about to close.
        await rotation?.value
        if let inFlight = syncInFlight { _ = await inFlight.result }
        acceptsSyncs = false
        versions.markClosed(because: reason)
        closeLogFiles()
    }
}

func currentTimeMs() -> Int64 {
    Int64((Date().timeIntervalSince1970 * 1000).rounded())
}

extension Array {
    func partitioned(by belongsInFirst: (Element) -> Bool) -> ([Element], [Element]) {
        var first: [Element] = [], second: [Element] = []
        for element in self {
            if belongsInFirst(element) { first.append(element) } else { second.append(element) }
        }
        return (first, second)
    }
}
