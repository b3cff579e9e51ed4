// Compactor: keeps a collection's segment count and dead rows bounded, and builds the indexes of
// large segments, in the background and on demand, without blocking the writer or readers.
// It owns the bookkeeping of both: it picks merges and index builds from the writer's published
// Version (no call into the writer), marks the segments a merge reads, and takes output segment
// ids from the writer's SegmentIDAllocator. A merge copies the live rows of its inputs (as of
// that Version) into one new store, writes it as a segment file (tmp, fsync, rename, fsync dir),
// and makes one call into the writer, `completeMerge`, which re-checks every row against deletes
// that raced with the merge and queues the commit (CollectionWriter+Merge.swift). An index build
// writes its file and makes one call, `attachIndex`, which queues its commit. Both commits go
// through the writer's commit pipeline (CommitPipeline.swift), ordered with flushes.
// Each published merge and each committed index build is reported on the engine's event hub.
// Concurrency: an actor per collection on the cooperative pool, holding only bookkeeping; the
// copying, encoding, index building and file writing run on BackgroundExecutors.compaction (a
// thread of its own, at low priority, one job at a time across collections), so a long build
// never takes a pool thread from searches, and `stop()` or a status read never waits behind
// another collection's build. While that work runs the actor is free: a segment is in at most
// one merge or index build at a time (`mergingSegmentIDs`, `buildingIndexes`).

import QuiverFileSystem
import QuiverIndex
import QuiverKernels

package actor Compactor {
    package enum State: Sendable, Equatable { case idle, running }

    /// What one `compact()` or background pass did.
    package struct Result: Sendable, Equatable {
        package var mergeCount = 0
        package var inputSegmentCount = 0
        package var rowsWritten = 0
        package var deletedRowsDropped = 0
        package var bytesWritten = 0
        package var seconds = 0.0
    }

    let writer: CollectionWriter
    let fileSystem: any FileSystem
    let segmentDirectory: String
    package private(set) var options: CompactionOptions
    package private(set) var state: State = .idle
    package private(set) var lastResult: Result?
    package private(set) var lastError: String?
    /// Committed segments a merge is reading; neither the policy nor the index pass takes them.
    private var mergingSegmentIDs = Set<Int64>()
    /// Segments whose index is being built, with the field; merges leave them alone meanwhile.
    private var buildingIndexes = Set<IndexBuildKey>()
    private var loop: Task<Void, Never>?
    private var running = 0
    private var isStopped = false

    package init(writer: CollectionWriter, fileSystem: any FileSystem, segmentDirectory: String, options: CompactionOptions) {
        self.writer = writer
        self.fileSystem = fileSystem
        self.segmentDirectory = segmentDirectory
        self.options = options
    }

    package func start() {
        guard loop == nil, !isStopped else { return }
        let interval = options.checkInterval
        loop = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self, !Task.isCancelled else { return }
                await self.backgroundPass()
            }
        }
    }

    package func stop() async {
        isStopped = true
        loop?.cancel()
        loop = nil
        // Work in flight finishes first: it may still write into the collection's directory.
        while running > 0 { try? await Task.sleep(for: .milliseconds(1)) }
    }

    package func setEnabled(_ enabled: Bool) { options.isEnabled = enabled }

    private func backgroundPass() async {
        guard options.isEnabled, running < options.maxConcurrentMerges else { return }
        do {
            _ = try await runMerges(force: false, limit: 1)
            _ = try await buildIndexes(limit: 1)
        } catch {
            lastError = "\(error)"
        }
    }

    /// Merges until the policy finds nothing more (bounded), waiting until each merge is
    /// published. Runs even when background compaction is paused.
    package func compact() async throws -> Result {
        if isStopped {
            // Stopped by a drop or a close: the writer says which ("not found" or "closed").
            try await writer.checkUsableFromOutside()
            throw QuiverError(.closed, "collection '\(writer.name)' is closed")
        }
        return try await runMerges(force: true, limit: 1000)
    }

    private func runMerges(force: Bool, limit: Int) async throws -> Result {
        running += 1
        state = .running
        defer {
            running -= 1
            if running == 0 { state = .idle }
        }
        let clock = ContinuousClock()
        let start = clock.now
        var result = Result()
        for _ in 0..<limit {
            try await writer.checkUsableFromOutside()
            guard let ids = CompactionPolicy.nextMerge(compactionCandidates(), options: options, force: force,
                                                       rowByteCount: writer.rowByteEstimate),
                  let input = beginMerge(ids) else { break }
            defer { mergingSegmentIDs.subtract(ids) }
            let mergeStart = clock.now
            do {
                let merged = try await Self.onCompactionThread { [self] in try merge(input) }
                try await writer.completeMerge(inputIDs: ids, output: merged.store, origins: merged.origins,
                                               fileName: merged.fileName, byteCount: merged.byteCount,
                                               level: (input.inputs.map(\.level).max() ?? 0) + 1)
                result.mergeCount += 1
                result.inputSegmentCount += ids.count
                result.rowsWritten += merged.store.rowCount
                result.deletedRowsDropped += input.inputs.reduce(0) { $0 + $1.deleted.setCount }
                result.bytesWritten += merged.byteCount
                writer.options.eventHub.emit(.segmentsMerged(
                    collection: writer.name, inputSegmentCount: ids.count, rowCount: merged.store.rowCount,
                    byteCount: merged.byteCount, duration: .since(mergeStart)))
            } catch let error as QuiverError {
                throw error
            } catch {
                throw QuiverError(.io, "compaction of collection '\(writer.name)' failed writing a segment: \(error)")
            }
        }
        let elapsed = clock.now - start
        result.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        lastResult = result
        lastError = nil
        return result
    }

    /// Builds the configured index for committed segments that lack one (the index seam: every
    /// segment written by a flush or a merge passes through here once it is large enough).
    /// Returns how many indexes were attached.
    @discardableResult
    package func buildIndexes(limit: Int = .max) async throws -> Int {
        running += 1   // stop() waits for index builds too
        defer { running -= 1 }
        var built = 0
        while built < limit, let job = nextIndexBuild() {
            try await writer.checkUsableFromOutside()
            let key = IndexBuildKey(segmentID: job.store.segmentID, fieldName: job.field.name)
            buildingIndexes.insert(key)
            defer { buildingIndexes.remove(key) }
            let buildStart = ContinuousClock.now
            let fileName = IndexFile.fileName(segmentID: job.store.segmentID, field: job.field.name)
            let collectionID = writer.collectionID, directory = segmentDirectory, fileSystem = self.fileSystem
            let index = try await Self.onCompactionThread { () throws -> SegmentIndex in
                let index = try Self.build(job.spec, over: job.store, rowCount: job.rowCount, field: job.field)
                do {
                    let bytes = IndexFile.encode(index.serialized(), collectionID: collectionID,
                                                 segmentID: job.store.segmentID, field: job.field.name)
                    try SegmentFiles.writeDurably(bytes, name: fileName, directory: directory, fileSystem: fileSystem)
                } catch {
                    throw QuiverError(.io, "writing index file '\(fileName)': \(error)")
                }
                return index
            }
            if await writer.attachIndex(index, segmentID: job.store.segmentID, field: job.field.name, fileName: fileName) {
                built += 1
                writer.options.eventHub.emit(.indexBuilt(collection: writer.name, field: job.field.name,
                                                         rowCount: job.rowCount, duration: .since(buildStart)))
            } else {
                try await writer.checkUsableFromOutside()
            }
        }
        return built
    }

    /// Committed segments not in a merge, oldest first, as of the latest published Version.
    package func compactionCandidates() -> [SegmentSummary] {
        let rowBytes = writer.rowByteEstimate
        return writer.versions.version.stores.compactMap { store in
            guard store.isCommitted, !mergingSegmentIDs.contains(store.store.segmentID),
                  !buildingIndexes.contains(where: { $0.segmentID == store.store.segmentID }) else { return nil }
            return SegmentSummary(segmentID: store.store.segmentID, rowCount: store.rowCount, deletedCount: store.deleted.setCount,
                                  byteCount: store.rowCount * rowBytes, level: store.level)
        }
    }

    /// Marks the segments as merging and returns what the merge reads; nil if any is gone or busy.
    package func beginMerge(_ segmentIDs: [Int64]) -> MergeInput? {
        let stores = Dictionary(writer.versions.version.stores.map { ($0.store.segmentID, $0) }) { first, _ in first }
        let indexing = Set(buildingIndexes.map(\.segmentID))
        guard !segmentIDs.isEmpty, segmentIDs.allSatisfy({
            stores[$0]?.isCommitted == true && !mergingSegmentIDs.contains($0) && !indexing.contains($0)
        }) else { return nil }
        mergingSegmentIDs.formUnion(segmentIDs)
        return MergeInput(inputs: segmentIDs.map { stores[$0]! }, outputSegmentID: writer.segmentIDs.allocate())
    }

    /// Ends a merge started with `beginMerge` (tests that drive the steps themselves).
    package func endMerge(_ segmentIDs: [Int64]) {
        mergingSegmentIDs.subtract(segmentIDs)
    }

    /// The next committed segment and field that should have an index and does not.
    func nextIndexBuild() -> (store: ColumnStore, rowCount: Int, field: FieldSchema, spec: IndexSpec)? {
        let version = writer.versions.version
        let vectorSpecs = version.indexSpecs.filter { !$0.value.kind.isForScalars }
        for segment in version.stores {
            guard segment.isCommitted, segment.rowCount >= writer.options.indexBuildThresholdRows,
                  !mergingSegmentIDs.contains(segment.store.segmentID) else { continue }
            for (fieldName, spec) in vectorSpecs.sorted(by: { $0.key < $1.key }) where segment.indexes[fieldName] == nil
                && !buildingIndexes.contains(IndexBuildKey(segmentID: segment.store.segmentID, fieldName: fieldName)) {
                guard let field = version.schema.field(named: fieldName) else { continue }
                return (segment.store, segment.rowCount, field, spec)
            }
        }
        return nil
    }

    static func build(_ spec: IndexSpec, over store: ColumnStore, rowCount: Int, field: FieldSchema) throws -> SegmentIndex {
        do {
            if let column = store.floatVectors[field.name] {
                return .float(try column.values.withPrefix(rowCount * column.dimension) { vectors throws(IndexSpecError) in
                    try IndexFactory.buildFloat(spec: spec, vectors: vectors, dimension: column.dimension)
                })
            }
            guard let column = store.binaryVectors[field.name] else {
                throw QuiverError(.internalError, "segment \(store.segmentID) has no vector column '\(field.name)'")
            }
            return .binary(try column.values.withPrefix(rowCount * column.bytesPerRow) { vectors throws(IndexSpecError) in
                try IndexFactory.buildBinary(spec: spec, vectors: vectors, dimension: column.bytesPerRow * 8)
            })
        } catch let error as IndexSpecError {
            throw QuiverError(.invalidArgument, "building the index of '\(field.name)': \(error.message)")
        }
    }

    /// Runs `work` on the compaction thread and returns its result.
    private static func onCompactionThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await Task.detached(executorPreference: BackgroundExecutors.compaction) { try work() }.value
    }

    /// Copies the inputs' live rows into one store and writes it durably (not yet referenced).
    nonisolated func merge(_ input: MergeInput) throws -> (store: ColumnStore, origins: [RowLocation], fileName: String, byteCount: Int) {
        let liveCount = input.inputs.reduce(0) { $0 + $1.liveRowCount }
        let schema = writer.schema
        let output = ColumnStore(segmentID: input.outputSegmentID, schema: schema, capacity: liveCount)
        var origins: [RowLocation] = []
        origins.reserveCapacity(liveCount)
        for source in input.inputs {
            for row in 0..<source.rowCount where !source.deleted[row] {
                output.appendRow(from: source.store, row: row)
                origins.append(RowLocation(segmentID: source.store.segmentID, row: Int32(row)))
            }
        }
        let bytes = SegmentCodec.encode(output, rowCount: output.rowCount, collectionID: writer.collectionID)
        let fileName = SegmentFiles.segmentFileName(output.segmentID)
        try SegmentFiles.writeDurably(bytes, name: fileName, directory: segmentDirectory, fileSystem: fileSystem)
        return (output, origins, fileName, bytes.count)
    }
}

/// What a merge reads: its input segments as of one published Version, and its output's id.
package struct MergeInput: Sendable {
    package let inputs: [StoreSnapshot]
    package let outputSegmentID: Int64
}

/// A segment's field whose index is being built.
struct IndexBuildKey: Hashable, Sendable {
    let segmentID: Int64
    let fieldName: String
}
