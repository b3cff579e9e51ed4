// Log rotation without I/O on the actor. A flush only marks the log due for rotation; the
// rotation itself runs in a detached task: it syncs the open file whole, then creates the next
// file (header synced, directory entry synced), exactly the order a synchronous rotation had, so
// every older file is complete on disk before a newer one exists. Writes wait for a rotation in
// flight before they append (`settleLog`), so no record ever goes to a file being retired; the
// actor stays free for every other call meanwhile.
// Invariants: a retired file is synced whole and keeps its records until the catalog checkpoint
// passes its last sequence; a file with no record is never rotated (the new file would reuse its
// name); a rotation that fails stops the writer, as any WAL I/O failure does.

extension CollectionWriter {
    /// Waits until no rotation is in flight, starting the one that is due. Call first in every
    /// write, before validation, so nothing checked can change before the append.
    func settleLog() async throws {
        while true {
            try checkUsable()
            if let inFlight = rotation {
                await inFlight.value
                continue
            }
            guard isRotationDue, wal.lastSequence != nil else { return }
            startRotation()
        }
    }

    /// Starts the due rotation in the background (the flush loop calls it after each freeze).
    func startRotationIfDue() {
        guard rotation == nil, isRotationDue, wal.lastSequence != nil, failure == nil, !isClosed else { return }
        startRotation()
    }

    private func startRotation() {
        isRotationDue = false
        let retired = wal
        let fileSystem = self.fileSystem, directory = walDirectory, collectionID = self.collectionID
        let firstSequence = nextSequence
        let events = options.eventHub, collection = name
        let task = Task.detached(executorPreference: BackgroundExecutors.walSync) { () throws -> WALFileWriter in
            let start = ContinuousClock.now
            try retired.sync()
            events.emit(.walSynced(collection: collection, duration: .since(start)))
            return try WALFileWriter.create(fileSystem: fileSystem, directory: directory,
                                            collectionID: collectionID, firstSequence: firstSequence)
        }
        rotation = Task { [weak self] in
            let result = await task.result
            await self?.finishRotation(retired: retired, result)
        }
    }

    private func finishRotation(retired: WALFileWriter, _ result: Result<WALFileWriter, any Error>) {
        rotation = nil
        switch result {
        case .success(let next):
            durableSequence = max(durableSequence, retired.lastSequence!)
            retiredWALFiles.append(RetiredLogFile(name: retired.name, lastSequence: retired.lastSequence!, handle: retired))
            wal = next
        case .failure(let error):
            stop(because: error, during: "starting a new WAL file")
        }
    }

    /// Closes every log handle (close and abandon, once nothing is in flight).
    func closeLogFiles() {
        try? wal.close()
        for file in retiredWALFiles { try? file.handle?.close() }
    }
}
