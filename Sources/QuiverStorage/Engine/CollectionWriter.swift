// CollectionWriter: the one mutator of a collection. It validates each batch, appends one WAL
// record per batch, waits for durability (group commit), applies the record to the buffer and
// the deletion bitmaps, and publishes a new Version that readers pick up without locks.
// Invariants:
// - records are applied in sequence order, each exactly once (`lastAppliedSequence`);
// - a record is applied only once durable (`.sync`) or written (`.async`), so readers never see
//   a write that a crash could take back in `.sync` mode;
// - `pkIndex` maps every visible key to its one live row; `pendingKeys` holds the effect of
//   records appended but not applied, so validation sees them;
// - after any WAL or flush I/O failure the writer is `failure`d for good: every later call throws;
// - every write first waits for a log rotation in flight (`settleLog`), then validates, appends
//   and reserves buffer rows with no await in between; fsyncs and file creation run off the actor.
// Concurrency: an actor; readers use `versions` (a Mutex-guarded cell holding the Version, the
// name, the partitions and load state, and the close state) and never await the actor.

import QuiverCatalog
import QuiverFileSystem
import QuiverIndex
import QuiverKernels
import Synchronization

package actor CollectionWriter {
    // Immutable after open.
    package nonisolated let collectionID: Int64
    /// The collection's current name (renames change it); kept in the published state only.
    package nonisolated var name: String { versions.name }
    package nonisolated let schema: CollectionSchema
    package nonisolated let versions: VersionCell
    let fileSystem: any FileSystem
    let catalog: Catalog
    let options: DatabaseOptions
    let walDirectory: String
    let segmentDirectory: String

    // Sequencing and durability.
    var nextSequence: UInt64
    var lastAppliedSequence: UInt64
    var durableSequence: UInt64
    var wal: WALFileWriter
    /// Older log files still needed: their records are above the catalog checkpoint.
    var retiredWALFiles: [RetiredLogFile] = []
    /// The group-commit round running now; it returns the sequence it made durable.
    var syncInFlight: Task<UInt64, any Error>?
    /// False once the log handles are closed (or abandoned): waiting for durability then throws.
    var acceptsSyncs = true
    /// A flush asked for a new log file; the next write or flush-loop tick starts the rotation.
    var isRotationDue = false
    /// The rotation in flight (CollectionWriter+LogRotation); writes wait for it before appending.
    var rotation: Task<Void, Never>?
    var pending: [WALRecord] = []
    var pendingKeys: [PrimaryKey: (present: Bool, sequence: UInt64)] = [:]
    var appliedOutcomes: [UInt64: Int] = [:]

    // Stores and rows.
    var stores: [Int64: StoreState] = [:]
    var bufferID: Int64
    var bufferRowsReserved = 0
    var pkIndex: [PrimaryKey: RowLocation] = [:]
    var nextAutoID: Int64
    /// Segment ids for new buffers here and for merge outputs in the Compactor.
    nonisolated let segmentIDs: SegmentIDAllocator
    var checkpointSequence: UInt64
    /// Partition name to id, as published for readers (PartitionTable).
    var partitionIDs: [String: Int64] { versions.partitions.idsByName }
    package static let defaultPartition = PartitionTable.defaultPartition
    /// The index configured per vector field (name and resolved spec).
    var indexSpecs: [String: (name: String, spec: IndexSpec)] = [:]
    /// Merge outputs swapped in but not yet committed: segments to callers (not buffers).
    var pendingMergeOutputIDs = Set<Int64>()

    // Background work.
    /// The last job queued on the commit pipeline (CommitPipeline.swift).
    var commitQueue: Task<Void, Never>?
    var flushLoop: Task<Void, Never>?
    var failure: QuiverError?
    var isClosed = false
    /// Why the writer closed; calls after a drop answer "not found", as for any missing name.
    var closeReason = CloseReason.closed
    var recoveryReport = RecoveryReport()

    init(collectionID: Int64, name: String, schema: CollectionSchema, fileSystem: any FileSystem,
         catalog: Catalog, options: DatabaseOptions, collectionDirectory: String, wal: WALFileWriter,
         nextSequence: UInt64, checkpointSequence: UInt64, nextAutoID: Int64, nextSegmentID: Int64,
         stores: [Int64: StoreState], bufferID: Int64) {
        self.collectionID = collectionID
        self.schema = schema
        self.fileSystem = fileSystem
        self.catalog = catalog
        self.options = options
        self.walDirectory = collectionDirectory + "/wal"
        self.segmentDirectory = collectionDirectory + "/segments"
        self.wal = wal
        self.nextSequence = nextSequence
        self.lastAppliedSequence = nextSequence - 1
        self.durableSequence = nextSequence - 1
        self.checkpointSequence = checkpointSequence
        self.nextAutoID = nextAutoID
        self.segmentIDs = SegmentIDAllocator(startingAt: nextSegmentID)
        self.stores = stores
        self.bufferID = bufferID
        self.versions = VersionCell(name: name, version: Version(schema: schema, stores: [], lastAppliedSequence: nextSequence - 1))
    }

    // MARK: - Mutations

    /// Inserts rows; fails with `.alreadyExists` if a key is stored or pending. Returns the keys.
    package func insert(rows: [Row], partition: String? = nil) async throws -> [PrimaryKey] {
        try await settleLog()
        let partitionID = try self.targetPartitionID(named: partition)
        let autoStart = schema.primaryKeyField.autoID ? try firstAutoID(forRows: rows.count) : nil
        var batch = try RowValidator.batch(from: rows, schema: schema, autoIDStart: autoStart)
        batch.partitionID = partitionID
        return try await write(batch, upsert: false)
    }

    /// The first of `count` automatic keys, which must all fit in Int64 (an upsert of an explicit
    /// key near Int64.max moves the counter there; the collection then refuses auto-keyed inserts
    /// instead of wrapping around).
    func firstAutoID(forRows count: Int) throws(QuiverError) -> Int64 {
        guard Int64(count) <= Int64.max - nextAutoID else {
            throw QuiverError(.invalidArgument, "automatic keys are exhausted: the next is \(nextAutoID) and \(count) rows need \(count) more below \(Int64.max)")
        }
        return nextAutoID
    }

    /// The automatic-key counter after an explicit `key` was stored: above it, saturating at Int64.max.
    static func autoID(after key: Int64, current: Int64) -> Int64 {
        key == .max ? .max : max(current, key + 1)
    }

    /// Inserts vectors for a schema of a key and one float vector field (the fast path).
    package func insert(keys: [PrimaryKey]?, vectors: [Float], partition: String? = nil) async throws -> [PrimaryKey] {
        try await settleLog()
        let partitionID = try self.targetPartitionID(named: partition)
        let field = schema.primaryKeyField
        let dimension = schema.vectorFields.first?.dimension ?? 1
        let assigned: [PrimaryKey]
        if field.autoID {
            guard keys == nil else {
                throw QuiverError(.invalidArgument, "field '\(field.name)': the key is assigned automatically (autoID) and must not be given")
            }
            let count = vectors.count / max(dimension, 1)
            let first = try firstAutoID(forRows: count)
            assigned = (0..<count).map { .int(first + Int64($0)) }
        } else {
            guard let keys else { throw QuiverError(.invalidArgument, "field '\(field.name)': keys are required (the collection has no autoID)") }
            assigned = keys
        }
        var batch = try RowValidator.batch(keys: assigned, vectors: vectors, schema: schema)
        batch.partitionID = partitionID
        return try await write(batch, upsert: false)
    }

    /// Inserts rows, replacing any stored rows with the same keys.
    package func upsert(rows: [Row], partition: String? = nil) async throws -> [PrimaryKey] {
        try await settleLog()
        let partitionID = try self.targetPartitionID(named: partition)
        var batch = try RowValidator.batch(from: rows, schema: schema, autoIDStart: nil)
        batch.partitionID = partitionID
        return try await write(batch, upsert: true)
    }

    /// Deletes rows by key; returns how many of the keys were stored.
    /// - Parameter writtenThrough: for delete-by-filter: only rows whose current version was
    ///   written at or before this sequence (the Version the filter was evaluated on) are deleted,
    ///   so a row upserted since, which the filter never saw, survives.
    package func delete(keys: [PrimaryKey], writtenThrough: UInt64? = nil) async throws -> Int {
        try await settleLog()
        var keys = keys
        if let writtenThrough {
            keys = keys.filter { key in
                guard pendingKeys[key] == nil, let location = pkIndex[key], let state = stores[location.segmentID] else { return false }
                return state.store.sequences[Int(location.row)] <= writtenThrough
            }
        }
        try checkKeyTypes(keys)
        let unique = Array(Set(keys))
        guard !unique.isEmpty else { return 0 }
        let sequence = try append(WALRecord(sequence: nextSequence, body: .delete(unique)))
        for key in unique { pendingKeys[key] = (false, sequence) }
        return try await complete(sequence)
    }

    func checkKeyTypes(_ keys: [PrimaryKey]) throws(QuiverError) {
        let keyIsString = schema.primaryKeyField.dataType == .varChar
        for key in keys {
            switch key {
            case .int where keyIsString, .string where !keyIsString:
                throw QuiverError(.invalidArgument, "field '\(schema.primaryKeyField.name)': key \(key) has the wrong type; the schema says \(schema.primaryKeyField.dataType.rawValue)")
            default: break
            }
        }
    }

    /// Appends the batch (synchronously: the caller settled the log, and nothing may run between
    /// that and the append), then waits for it to be applied.
    private func write(_ batch: RowBatch, upsert: Bool) async throws -> [PrimaryKey] {
        guard let sequence = try append(batch, upsert: upsert) else { return [] }
        _ = try await complete(sequence)
        return batch.keys
    }

    /// Checks the keys, makes room in the buffer, appends the record and reserves its rows: one
    /// synchronous step. Returns nil for an empty batch.
    private func append(_ batch: RowBatch, upsert: Bool) throws -> UInt64? {
        guard batch.rowCount > 0 else { return nil }
        if !upsert {
            for (row, key) in batch.keys.enumerated() where keyExists(key) {
                throw QuiverError(.alreadyExists, "row \(row), field '\(schema.primaryKeyField.name)': primary key \(key) already exists")
            }
        }
        if bufferRowsReserved + batch.rowCount > stores[bufferID]!.store.capacity {
            try freezeBuffer(minimumCapacity: batch.rowCount)
        }
        if schema.primaryKeyField.autoID {   // upserts may carry explicit keys: stay above them too
            for case .int(let key) in batch.keys { nextAutoID = Self.autoID(after: key, current: nextAutoID) }
        }
        let body: WALRecord.Body = upsert ? .upsert(batch) : .insert(batch)
        let sequence = try append(WALRecord(sequence: nextSequence, body: body))
        bufferRowsReserved += batch.rowCount
        for key in batch.keys { pendingKeys[key] = (true, sequence) }
        return sequence
    }

    func keyExists(_ key: PrimaryKey) -> Bool {
        if let pending = pendingKeys[key] { return pending.present }
        return pkIndex[key] != nil
    }

    /// Writes the record to the log (not yet durable). Any failure stops the writer: a partial
    /// frame may be in the file, and only recovery may cut it.
    private func append(_ record: WALRecord) throws -> UInt64 {
        precondition(record.sequence == nextSequence)
        // settleLog() ran with no await since: a record never goes to a file being retired.
        precondition(rotation == nil, "WAL append while a log rotation is in flight")
        do {
            try wal.append(record, schema: schema)
        } catch let error as QuiverError where error.code == .invalidArgument {
            throw error
        } catch {
            throw stop(because: error, during: "appending to the WAL")
        }
        KillPoint.walAppendedBeforeSync.reached()
        nextSequence += 1
        pending.append(record)
        return record.sequence
    }

    /// Waits until the record is durable (or written, in `.async` mode), applies it and every
    /// record before it, publishes, and returns the record's outcome.
    private func complete(_ sequence: UInt64) async throws -> Int {
        if options.durability == .sync {
            try await waitDurable(through: sequence)
        }
        applyPending(through: options.durability == .sync ? durableSequence : nextSequence - 1)
        guard let outcome = appliedOutcomes.removeValue(forKey: sequence) else {
            try checkUsable()
            preconditionFailure("record \(sequence) durable but not applied")
        }
        return outcome
    }

    // MARK: - State

    package nonisolated func rename(to newName: String) { versions.rename(to: newName) }

    package func checkUsableFromOutside() throws(QuiverError) { try checkUsable() }

    func checkUsable() throws(QuiverError) {
        if let failure { throw failure }
        if isClosed { throw closeReason.error(collection: name) }
    }

    /// Stops the writer for good after an I/O failure and returns the error to throw.
    @discardableResult
    func stop(because error: any Error, during what: String) -> QuiverError {
        let wrapped = (error as? QuiverError)
            ?? QuiverError(.io, "collection '\(name)' stopped after an I/O error while \(what): \(error); reopen the database to recover")
        if failure == nil { failure = wrapped }
        return failure!
    }

    func publish() {
        let snapshots = stores.keys.sorted().map { stores[$0]!.snapshot }
        versions.publish(Version(schema: schema, stores: snapshots, lastAppliedSequence: lastAppliedSequence,
                                 indexSpecs: indexSpecs.mapValues(\.spec)))
    }

    /// Row and deletion counts come from the published Version, the one place readers count.
    package func statistics() -> WriterStatistics {
        let version = versions.version
        return WriterStatistics(
            rowCount: version.liveRowCount,
            segmentCount: stores.filter { $0.value.isCommitted || pendingMergeOutputIDs.contains($0.key) }.count,
            bufferRowCount: stores.filter { !$0.value.isCommitted && !pendingMergeOutputIDs.contains($0.key) }
                .reduce(0) { $0 + $1.value.rowCount },
            deletedRowCount: version.deletedRowCount,
            walByteCount: wal.byteCount + retiredWALFiles.reduce(0) { total, file in
                total + ((try? fileSystem.fileSize(atPath: walDirectory + "/" + file.name)) ?? 0)
            },
            lastSequence: lastAppliedSequence,
            checkpointSequence: checkpointSequence,
            recovery: recoveryReport)
    }
}

/// A log file no longer appended to, kept until the checkpoint passes `lastSequence`.
struct RetiredLogFile {
    let name: String
    let lastSequence: UInt64
    /// Open when the file was written by this process (closed when it is deleted).
    let handle: WALFileWriter?
}

/// Counters a caller can read; `quiver stats` prints them.
package struct WriterStatistics: Sendable {
    package var rowCount: Int
    package var segmentCount: Int
    package var bufferRowCount: Int
    package var deletedRowCount: Int
    package var walByteCount: Int
    package var lastSequence: UInt64
    package var checkpointSequence: UInt64
    package var recovery: RecoveryReport
}

/// What the last open had to do.
package struct RecoveryReport: Sendable {
    package var replayedRecordCount = 0
    package var droppedWALByteCount = 0
    package var removedFileNames: [String] = []
}
