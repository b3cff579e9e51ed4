// Group commit: callers that append while an fsync runs share the next one. Every fsync of the
// log runs in a detached task, never on the actor, so appends continue during it; the first
// caller to wake after a round starts the next. A round syncs the open log file; older files were
// synced whole by the rotation that retired them (CollectionWriter+LogRotation).
// Invariants: `durableSequence` only grows; one round at a time (`syncInFlight`); a sync failure
// stops the writer (no retry could say which bytes reached the disk) and every waiter gets the
// error. Each completed round is reported as a `walSynced` event with its duration.

extension CollectionWriter {
    /// Waits until every record through `sequence` is durable. Keeps waiting after `close`
    /// began (close syncs what was appended, so those callers still get their answer).
    func waitDurable(through sequence: UInt64) async throws {
        while durableSequence < sequence {
            if let failure { throw failure }
            if !acceptsSyncs { throw closeReason.error(collection: name) }
            try await syncRound()
        }
    }

    /// Makes every record appended so far durable (merges, partition drops, close).
    func syncEverythingAppended() async throws {
        try await waitDurable(through: nextSequence - 1)
    }

    /// Joins the round in flight, or starts one if there is something to sync.
    private func syncRound() async throws {
        let round: Task<UInt64, any Error>
        if let inFlight = syncInFlight {
            round = inFlight
        } else {
            guard let target = wal.lastSequence, durableSequence < target else { return }
            let file = wal
            let events = options.eventHub, collection = name
            round = Task.detached(executorPreference: BackgroundExecutors.walSync) {
                let start = ContinuousClock.now
                try file.sync()
                events.emit(.walSynced(collection: collection, duration: .since(start)))
                return target
            }
            syncInFlight = round
        }
        let result = await round.result
        if syncInFlight == round { syncInFlight = nil }
        switch result {
        case .success(let target):
            durableSequence = max(durableSequence, target)
        case .failure(let error):
            throw stop(because: error, during: "syncing the WAL")
        }
    }

    /// In `.async` mode: starts a round in the background, so the WAL is synced at least once
    /// per flush interval even when no caller waits for it.
    func syncInBackground() {
        guard durableSequence < nextSequence - 1 else { return }
        Task { [weak self] in try? await self?.syncEverythingAppended() }
    }
}
