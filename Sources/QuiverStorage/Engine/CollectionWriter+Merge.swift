// The writer's side of compaction: swap a merged output in for its inputs. The Compactor picks
// the inputs from a published Version and writes the output (Compactor.swift); the swap is where
// deletes that raced with the merge are applied: an output row stays live only if the
// primary-key index still points at the input row it was copied from; any row deleted (or
// upserted elsewhere) since the snapshot is marked deleted in the output. So a delete that arrives during a merge is never lost, and no deleted row returns.
// The catalog commit (inputs out, output in, one transaction) is a job of the commit pipeline, so
// it is ordered with every flush; input files are removed only after that commit, and only once the
// last reader holding them lets go (RetiredFiles).

import QuiverCatalog
import QuiverFileSystem
import QuiverKernels

extension CollectionWriter {
    /// Bytes a row takes in memory, roughly: vectors plus a fixed allowance for the rest.
    package nonisolated var rowByteEstimate: Int {
        schema.vectorFields.reduce(64) { total, field in
            total + (field.dataType == .floatVector ? (field.dimension ?? 0) * 4 : field.bytesPerBinaryVector)
        }
    }

    /// Swaps the merged store in for its inputs and waits for the catalog commit.
    /// - Parameters:
    ///   - output: rows copied from the inputs' live rows, in `origins` order.
    ///   - fileName: the output segment file, already written durably (not yet referenced).
    package func completeMerge(inputIDs: [Int64], output: ColumnStore, origins: [RowLocation], fileName: String,
                               byteCount: Int, level: Int) async throws {
        try checkUsable()
        guard Set(inputIDs).count == inputIDs.count, inputIDs.allSatisfy({ stores[$0]?.isCommitted == true }) else {
            throw QuiverError(.internalError, "merge into segment \(output.segmentID): its inputs \(inputIDs) are not all committed segments")
        }
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
        let deletion = deleted.isEmpty ? nil : DeletionSnapshot(
            segmentID: output.segmentID, deleted: deleted,
            fileName: DeletionFile.fileName(segmentID: output.segmentID, checkpoint: lastAppliedSequence))
        let collectionID = self.collectionID
        let job = CommitJob(activity: "committing a merge", writeFiles: { files in
            var commit = CatalogCommit(collectionID: collectionID)
            commit.removedSegmentIDs = inputIDs
            commit.addedSegments = [record]
            if let deletion {
                try files.writeDurably(DeletionFile.encode(deletion.deleted, segmentID: deletion.segmentID), name: deletion.fileName)
                commit.deletionUpdates = [DeletionFileUpdate(segmentID: deletion.segmentID, deletionFileName: deletion.fileName,
                                                             deletedCount: Int64(deletion.deleted.setCount))]
            }
            return commit
        }, killPointBeforeCommit: .mergeWrittenBeforeCommit, killPointAfterCommit: .mergeCommittedBeforeSwap,
           edit: .merged(MergeEdit(outputSegmentID: output.segmentID, retiredStores: retiredStores, deletion: deletion)))
        guard await enqueue(job).value else {
            pendingMergeOutputIDs.remove(output.segmentID)
            try checkUsable()
            throw QuiverError(.closed, "collection '\(name)' closed during a merge")
        }
    }

    /// After a merge's catalog commit: the output is a committed segment; the inputs' files are
    /// removed once the last reader holding them lets go.
    func applyMerge(_ merge: MergeEdit) {
        pendingMergeOutputIDs.remove(merge.outputSegmentID)
        if var state = stores[merge.outputSegmentID] {
            state.isCommitted = true
            state.persistedDeletionFile = merge.deletion?.fileName
            state.persistedDeletedCount = merge.deletion?.deleted.setCount ?? 0
            stores[merge.outputSegmentID] = state
        }
        for store in merge.retiredStores {
            store.retire(RetiredFiles(paths: segmentFilePaths(of: store.segmentID), fileSystem: fileSystem))
        }
        publish()
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
