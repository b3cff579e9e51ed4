// Group commit: callers that append while an fsync runs share the next one. The fsync runs off
// the actor, so appends continue during it; the first caller to wake after it starts the next.
// Invariants: `durableSequence` only grows; a sync failure stops the writer (no retry could say
// which bytes reached the disk) and every waiter gets the error. Each completed fsync is
// reported as a `walSynced` event with its duration.

extension CollectionWriter {
    func waitDurable(through sequence: UInt64) async throws {
        while durableSequence < sequence {
            try checkUsable()
            if let inFlight = syncInFlight {
                _ = await inFlight.result
                continue
            }
            guard let target = wal.lastSequence else {
                preconditionFailure("waiting for \(sequence) with nothing appended to the open log")
            }
            let file = wal
            let events = options.eventHub, collection = name
            let task = Task.detached {
                let start = ContinuousClock.now
                try file.sync()
                events.emit(.walSynced(collection: collection, duration: .since(start)))
            }
            syncInFlight = task
            let result = await task.result
            syncInFlight = nil
            switch result {
            case .success:
                durableSequence = max(durableSequence, target)
            case .failure(let error):
                throw stop(because: error, during: "syncing the WAL")
            }
        }
    }

    /// Makes everything appended so far durable, on the actor (used at rotation and close).
    func syncLogNow() throws {
        guard let last = wal.lastSequence, durableSequence < last else { return }
        do {
            let start = ContinuousClock.now
            try wal.sync()
            options.eventHub.emit(.walSynced(collection: name, duration: .since(start)))
        } catch {
            throw stop(because: error, during: "syncing the WAL")
        }
        durableSequence = max(durableSequence, last)
    }
}
