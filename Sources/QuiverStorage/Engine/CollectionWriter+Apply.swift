// Applying logged records to the in-memory state, in sequence order, exactly once.
// Used for live writes (after durability) and for WAL replay at open; both go through
// `apply(_:)`, so recovery rebuilds exactly the state the live path built.

import QuiverKernels

extension CollectionWriter {
    /// Applies every pending record with a sequence at or below `sequence`, then publishes.
    func applyPending(through sequence: UInt64) {
        var appliedAny = false
        while let record = pending.first, record.sequence <= sequence {
            pending.removeFirst()
            appliedOutcomes[record.sequence] = apply(record)
            appliedAny = true
        }
        guard appliedAny else { return }
        pendingKeys = pendingKeys.filter { $0.value.sequence > lastAppliedSequence }
        publish()
    }

    /// Applies one record. Returns its outcome: rows written, or rows deleted.
    /// A record at or below `lastAppliedSequence` is a no-op (replay is idempotent).
    @discardableResult
    func apply(_ record: WALRecord) -> Int {
        guard record.sequence > lastAppliedSequence else { return 0 }
        precondition(record.sequence == lastAppliedSequence + 1, "records applied out of order")
        let outcome: Int
        switch record.body {
        case .insert(let batch):
            appendToBuffer(batch, sequence: record.sequence)
            outcome = batch.rowCount
        case .upsert(let batch):
            for key in batch.keys { markDeleted(key) }
            appendToBuffer(batch, sequence: record.sequence)
            outcome = batch.rowCount
        case .delete(let keys):
            outcome = keys.reduce(0) { $0 + (markDeleted($1) ? 1 : 0) }
        }
        lastAppliedSequence = record.sequence
        return outcome
    }

    private func appendToBuffer(_ batch: RowBatch, sequence: UInt64) {
        var state = stores[bufferID]!
        let firstRow = state.rowCount
        precondition(state.store.remainingCapacity >= batch.rowCount, "buffer capacity was not reserved")
        state.store.append(batch, sequence: sequence)
        state.rowCount += batch.rowCount
        state.deleted.resize(to: state.rowCount)
        stores[bufferID] = state
        for (offset, key) in batch.keys.enumerated() {
            let previous = pkIndex.updateValue(RowLocation(segmentID: bufferID, row: Int32(firstRow + offset)), forKey: key)
            precondition(previous == nil, "key \(key) applied twice without a delete")
        }
    }

    /// Marks the live row of `key` deleted; false if no row is live.
    @discardableResult
    private func markDeleted(_ key: PrimaryKey) -> Bool {
        guard let location = pkIndex.removeValue(forKey: key) else { return false }
        stores[location.segmentID]!.deleted[Int(location.row)] = true
        return true
    }
}
