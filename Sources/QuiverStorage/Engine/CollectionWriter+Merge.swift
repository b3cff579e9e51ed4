// The writer's side of compaction: hand the Compactor a snapshot of the input segments, then
// swap the merged output in. The swap is where deletes that raced with the merge are applied:
// an output row stays live only if the primary-key index still points at the input row it was
// copied from; any row deleted (or upserted elsewhere) since the snapshot is marked deleted in
// the output. So a delete that arrives during a merge is never lost, and no deleted row returns.
// The catalog commit (inputs out, output in, one transaction) runs in the flush chain, so it is
// ordered with every flush; input files are removed only after that commit, and only once the
// last reader holding them lets go (RetiredFiles).

import QuiverCatalog
import QuiverFileSystem
import QuiverKernels

/// A committed segment as the compaction policy sees it.
package struct SegmentSummary: Sendable {
    package let segmentID: Int64
    package let rowCount: Int
    package let deletedCount: Int
    package let byteCount: Int
    package let level: Int
}

/// What a merge reads: the inputs as of one instant.
package struct MergeInput: Sendable {
    package let inputs: [(store: ColumnStore, rowCount: Int, deleted: Bitset, level: Int)]
    package let outputSegmentID: Int64
}

extension CollectionWriter {
    /// Committed segments not already in a merge, oldest first.
    package func compactionCandidates() -> [SegmentSummary] {
        stores.keys.sorted().compactMap { id in
            let state = stores[id]!
            guard state.isCommitted, !mergingSegmentIDs.contains(id) else { return nil }
            return SegmentSummary(segmentID: id, rowCount: state.rowCount, deletedCount: state.deleted.setCount,
                                  byteCount: state.rowCount * rowByteEstimate, level: state.level)
        }
    }

    var rowByteEstimate: Int {
        schema.vectorFields.reduce(64) { total, field in
            total + (field.dataType == .floatVector ? (field.dimension ?? 0) * 4 : field.bytesPerBinaryVector)
        }
    }

    /// Marks the segments as merging and returns their snapshot; nil if any is gone or busy.
    package func beginMerge(_ segmentIDs: [Int64]) throws -> MergeInput? {
        try checkUsable()
        guard !segmentIDs.isEmpty, segmentIDs.allSatisfy({ stores[$0]?.isCommitted == true && !mergingSegmentIDs.contains($0) }) else {
            return nil
        }
        mergingSegmentIDs.formUnion(segmentIDs)
        let outputID = nextSegmentID
        nextSegmentID += 1
        let inputs = segmentIDs.map { id in
            let state = stores[id]!
            return (state.store, state.rowCount, state.deleted, state.level)
        }
        return MergeInput(inputs: inputs, outputSegmentID: outputID)
    }

    package func abortMerge(_ segmentIDs: [Int64]) {
        mergingSegmentIDs.subtract(segmentIDs)
    }

    /// Swaps the merged store in for its inputs and waits for the catalog commit.
    /// - Parameters:
    ///   - output: rows copied from the inputs' live rows, in `origins` order.
    ///   - fileName: the output segment file, already written durably (not yet referenced).
    package func completeMerge(inputIDs: [Int64], output: ColumnStore, origins: [RowLocation], fileName: String,
                               byteCount: Int, level: Int) async throws {
        defer { mergingSegmentIDs.subtract(inputIDs) }
        try checkUsable()
        // Everything applied must be durable before a deletion file may hold it (in `.sync` mode
        // it already is). The sync runs off the actor; records applied meanwhile need another.
        while durableSequence < lastAppliedSequence {
            try await waitDurable(through: lastAppliedSequence)
        }
        try checkUsable()
        // From here to the commit's await, nothing interleaves: the swap sees one state.

        var deleted = Bitset(count: output.rowCount)
        for row in 0..<output.rowCount {
            let key = output.keys[row]
            if pkIndex[key] == origins[row] {
                pkIndex[key] = RowLocation(segmentID: output.segmentID, row: Int32(row))
            } else {
                deleted[row] = true
            }
        }
        let retiredStores = inputIDs.map { stores.removeValue(forKey: $0)!.store }
        var state = StoreState(store: output, rowCount: output.rowCount, deleted: deleted, isCommitted: false,
                               persistedDeletionFile: nil, persistedDeletedCount: 0)
        state.level = level
        state.snapshottedDeletedCount = deleted.setCount
        stores[output.segmentID] = state
        pendingMergeOutputIDs.insert(output.segmentID)
        publish()

        let sequences = output.sequences.withPrefix(output.rowCount) { ($0.min() ?? 0, $0.max() ?? 0) }
        let record = SegmentRecord(collectionID: collectionID, segmentID: output.segmentID, fileName: fileName,
                                   rowCount: Int64(output.rowCount), byteCount: Int64(byteCount),
                                   minSequence: sequences.0, maxSequence: sequences.1, level: level,
                                   deletionFileName: nil, deletedCount: 0, createdAtMs: currentTimeMs())
        let deletionName = deleted.isEmpty ? nil : DeletionFile.fileName(segmentID: output.segmentID, checkpoint: lastAppliedSequence)
        let job = MergeCommitJob(inputIDs: inputIDs, retiredStores: retiredStores, record: record,
                                 deleted: deleted, deletionFileName: deletionName)
        let previous = flushChain
        let commit = Task { [weak self] () -> Bool in
            await previous?.value
            return await self?.commitMerge(job) ?? false
        }
        flushChain = Task { _ = await commit.value }
        guard await commit.value else {
            try checkUsable()
            throw QuiverError(.closed, "collection '\(name)' closed during a merge")
        }
    }

    private func commitMerge(_ job: MergeCommitJob) async -> Bool {
        defer { pendingMergeOutputIDs.remove(job.record.segmentID) }
        guard failure == nil else { return false }
        let fileSystem = self.fileSystem, catalog = self.catalog, directory = segmentDirectory, collectionID = self.collectionID
        let result = await Task.detached(executorPreference: BackgroundExecutors.flush) { () -> Result<Void, any Error> in
            do {
                var commit = CatalogCommit(collectionID: collectionID)
                commit.removedSegmentIDs = job.inputIDs
                commit.addedSegments = [job.record]
                if let name = job.deletionFileName {
                    try SegmentFiles.writeDurably(DeletionFile.encode(job.deleted, segmentID: job.record.segmentID),
                                                  name: name, directory: directory, fileSystem: fileSystem)
                    commit.deletionUpdates = [DeletionFileUpdate(segmentID: job.record.segmentID, deletionFileName: name,
                                                                 deletedCount: Int64(job.deleted.setCount))]
                }
                KillPoint.mergeWrittenBeforeCommit.reached()
                try catalog.commit(commit)
                KillPoint.mergeCommittedBeforeSwap.reached()
                return .success(())
            } catch {
                return .failure(error)
            }
        }.value
        switch result {
        case .failure(let error):
            stop(because: error, during: "committing a merge")
            return false
        case .success:
            if var state = stores[job.record.segmentID] {
                state.isCommitted = true
                state.persistedDeletionFile = job.deletionFileName
                state.persistedDeletedCount = job.deleted.setCount
                stores[job.record.segmentID] = state
            }
            for store in job.retiredStores {
                store.retire(RetiredFiles(paths: segmentFilePaths(of: store.segmentID), fileSystem: fileSystem))
            }
            publish()
            return true
        }
    }

    /// The segment file and every deletion file of a segment.
    func segmentFilePaths(of segmentID: Int64) -> [String] {
        let prefix = SegmentFiles.paddedID(segmentID)
        let names = (try? fileSystem.contentsOfDirectory(atPath: segmentDirectory)) ?? []
        return names.filter {
            $0 == prefix + ".qseg" || ($0.hasPrefix(prefix + "-") && $0.hasSuffix(".qdel"))
                || ($0.hasPrefix(prefix + ".") && $0.hasSuffix(".qidx"))
        }
            .map { segmentDirectory + "/" + $0 }
    }
}

struct MergeCommitJob: Sendable {
    let inputIDs: [Int64]
    let retiredStores: [ColumnStore]
    let record: SegmentRecord
    let deleted: Bitset
    let deletionFileName: String?
}
