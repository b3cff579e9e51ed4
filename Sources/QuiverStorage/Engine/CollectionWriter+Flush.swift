// Flush: seal the mutable buffer into a segment file and move the catalog checkpoint.
// Steps: (1) on the actor, with no await and no fsync: apply every durable record, mark the WAL
// due for rotation (LogRotation runs it off the actor), freeze the buffer (it stays searchable),
// start a new buffer that takes the rows of records still waiting for their fsync, and snapshot
// every deletion bitmap that changed; (2) off the actor: write the segment and deletion files (tmp,
// fsync, rename, fsync dir); (3) one catalog commit, the commit point: new segment, deletion
// files, checkpoint (the last applied record); (4) on the actor: mark the segment committed,
// then delete log files wholly below the checkpoint and deletion files the catalog no longer
// needs. Flushes commit in order (each job waits for the one before).
// A crash anywhere leaves either the old catalog state (and the WAL that covers it) or the new.

import Foundation
import QuiverCatalog
import QuiverFileSystem
import QuiverKernels

struct FlushJob: Sendable {
    let frozen: ColumnStore?
    let frozenRowCount: Int
    let checkpoint: UInt64
    let deletions: [(segmentID: Int64, deleted: Bitset, fileName: String)]
    let nextAutoID: Int64
    let nextSegmentID: Int64
}

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
            let newID = nextSegmentID
            nextSegmentID += 1
            let capacity = max(bufferCapacity, pendingRows + minimumCapacity)
            stores[newID] = StoreState(store: ColumnStore(segmentID: newID, schema: schema, capacity: capacity),
                                       rowCount: 0, deleted: Bitset(count: 0), isCommitted: false,
                                       persistedDeletionFile: nil, persistedDeletedCount: 0)
            bufferID = newID
            bufferRowsReserved = pendingRows
        }
        // Every store but the (new) mutable buffer: segments, the store frozen now, and stores
        // frozen earlier whose flush is still running (their job commits before this one).
        var deletions: [(segmentID: Int64, deleted: Bitset, fileName: String)] = []
        for id in stores.keys.sorted() where id != bufferID && stores[id]!.hasUnsnapshottedDeletions {
            deletions.append((id, stores[id]!.deleted, DeletionFile.fileName(segmentID: id, checkpoint: lastAppliedSequence)))
            stores[id]!.snapshottedDeletedCount = stores[id]!.deleted.setCount
        }
        let job = FlushJob(frozen: frozen, frozenRowCount: frozen.map { stores[$0.segmentID]!.rowCount } ?? 0,
                           checkpoint: lastAppliedSequence, deletions: deletions,
                           nextAutoID: nextAutoID, nextSegmentID: nextSegmentID)
        publish()
        let previous = flushChain
        flushChain = Task { [weak self] in
            await previous?.value
            await self?.run(job)
        }
    }

    /// Writes and commits a job; on failure the writer stops (the WAL still holds the data).
    private func run(_ job: FlushJob) async {
        guard failure == nil else { return }
        let fileSystem = self.fileSystem, catalog = self.catalog, directory = segmentDirectory
        let collectionID = self.collectionID
        let written = await Task.detached(executorPreference: BackgroundExecutors.flush) { () -> Result<SegmentRecord?, any Error> in
            do {
                var record: SegmentRecord? = nil
                if let frozen = job.frozen {
                    let bytes = SegmentCodec.encode(frozen, rowCount: job.frozenRowCount, collectionID: collectionID)
                    let fileName = SegmentFiles.segmentFileName(frozen.segmentID)
                    try SegmentFiles.writeDurably(bytes, name: fileName, directory: directory, fileSystem: fileSystem)
                    let sequences = frozen.sequences.withPrefix(job.frozenRowCount) { ($0.min() ?? 0, $0.max() ?? 0) }
                    record = SegmentRecord(collectionID: collectionID, segmentID: frozen.segmentID, fileName: fileName,
                                           rowCount: Int64(job.frozenRowCount), byteCount: Int64(bytes.count),
                                           minSequence: sequences.0, maxSequence: sequences.1, level: 0,
                                           deletionFileName: nil, deletedCount: 0, createdAtMs: currentTimeMs())
                }
                for deletion in job.deletions {
                    try SegmentFiles.writeDurably(DeletionFile.encode(deletion.deleted, segmentID: deletion.segmentID),
                                                  name: deletion.fileName, directory: directory, fileSystem: fileSystem)
                }
                var commit = CatalogCommit(collectionID: collectionID)
                if let record { commit.addedSegments = [record] }
                commit.deletionUpdates = job.deletions.map {
                    DeletionFileUpdate(segmentID: $0.segmentID, deletionFileName: $0.fileName, deletedCount: Int64($0.deleted.setCount))
                }
                commit.checkpointSequence = job.checkpoint
                commit.nextAutoID = job.nextAutoID
                commit.nextSegmentID = job.nextSegmentID
                KillPoint.segmentWrittenBeforeCommit.reached()
                try catalog.commit(commit)
                return .success(record)
            } catch {
                return .failure(error)
            }
        }.value
        switch written {
        case .success:
            await finish(job)
        case .failure(let error):
            stop(because: error, during: "flushing a segment")
        }
    }

    /// After the catalog commit: the new state is durable; drop what it superseded.
    private func finish(_ job: FlushJob) async {
        if let frozen = job.frozen {
            stores[frozen.segmentID]?.isCommitted = true
        }
        var obsolete: [String] = []
        // A store may be gone: merged away after this job was snapshotted. Its files are retired
        // with it.
        for deletion in job.deletions {
            guard var state = stores[deletion.segmentID] else { continue }
            if let old = state.persistedDeletionFile, old != deletion.fileName { obsolete.append(old) }
            state.persistedDeletionFile = deletion.fileName
            state.persistedDeletedCount = deletion.deleted.setCount
            stores[deletion.segmentID] = state
        }
        checkpointSequence = max(checkpointSequence, job.checkpoint)
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
        await flushChain?.value
        try checkUsable()
    }

    /// Rows a new buffer holds before it is sealed early.
    var bufferCapacity: Int {
        var rowByteCount = 64
        for field in schema.vectorFields {
            rowByteCount += field.dataType == .floatVector ? (field.dimension ?? 0) * 4 : field.bytesPerBinaryVector
        }
        return max(1, min(options.bufferMaxRows, options.bufferMaxByteCount / rowByteCount))
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
        await flushChain?.value
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
        await flushChain?.value
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
