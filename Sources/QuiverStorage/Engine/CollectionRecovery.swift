// Recovery: opens a collection from its catalog record: segments and deletion files first (every
// referenced file must exist and pass its checks), then the WAL from the checkpoint on. A torn
// tail of the newest log file is cut at the last whole record and reported; any other damage
// stops the open with an error naming file and offset. Files the catalog does not reference are
// removed. Running recovery twice gives the same state: replay skips what is checkpointed, and
// cutting a torn tail is idempotent.

import Foundation
import QuiverCatalog
import QuiverFileSystem
import QuiverIndex
import QuiverKernels

extension CollectionWriter {
    package static func open(record: CollectionRecord, directory: String, fileSystem: any FileSystem,
                             catalog: Catalog, options: DatabaseOptions) async throws -> CollectionWriter {
        let schema = try CollectionSchema.decode(json: record.schemaJSON)
        let walDirectory = directory + "/wal", segmentDirectory = directory + "/segments"
        try fileSystem.createDirectory(atPath: walDirectory)
        try fileSystem.createDirectory(atPath: segmentDirectory)
        var report = RecoveryReport()

        // 1. Segments and their deletion bitmaps; remove what the catalog does not reference.
        let segmentRecords: [SegmentRecord]
        let referenced: Set<String>
        do {
            segmentRecords = try catalog.segments(collectionID: record.id)
            referenced = try catalog.referencedFileNames(collectionID: record.id)
        } catch {
            throw QuiverError(.io, "reading the catalog for collection '\(record.name)': \(error)")
        }
        for name in try fileSystem.contentsOfDirectory(atPath: segmentDirectory) where !referenced.contains(name) {
            try fileSystem.removeFile(atPath: segmentDirectory + "/" + name)
            report.removedFileNames.append(name)
        }
        if !report.removedFileNames.isEmpty { try fileSystem.syncDirectory(atPath: segmentDirectory) }

        var stores: [Int64: StoreState] = [:]
        var pkIndex: [PrimaryKey: RowLocation] = [:]
        for segment in segmentRecords {
            let store = try SegmentFiles.readSegment(name: segment.fileName, directory: segmentDirectory, fileSystem: fileSystem,
                                                     schema: schema, collectionID: record.id, segmentID: segment.segmentID)
            guard store.rowCount == Int(segment.rowCount) else {
                throw QuiverError(.corruption, "segment file '\(segmentDirectory)/\(segment.fileName)' holds \(store.rowCount) rows; the catalog says \(segment.rowCount)")
            }
            var deleted = Bitset(count: store.rowCount)
            if let deletionFile = segment.deletionFileName {
                deleted = try SegmentFiles.readDeletions(name: deletionFile, directory: segmentDirectory, fileSystem: fileSystem,
                                                         segmentID: segment.segmentID, rowCount: store.rowCount)
            }
            for row in 0..<store.rowCount where !deleted[row] {
                let key = store.keys[row]
                if let other = pkIndex.updateValue(RowLocation(segmentID: segment.segmentID, row: Int32(row)), forKey: key) {
                    throw QuiverError(.corruption, "primary key \(key) is live in segments \(other.segmentID) and \(segment.segmentID)")
                }
            }
            var state = StoreState(store: store, rowCount: store.rowCount, deleted: deleted, isCommitted: true,
                                   persistedDeletionFile: segment.deletionFileName, persistedDeletedCount: deleted.setCount)
            state.level = segment.level
            stores[segment.segmentID] = state
        }

        // Index specs, and the index each segment has.
        var indexSpecs: [String: (name: String, spec: IndexSpec)] = [:]
        do {
            for index in try catalog.indexes(collectionID: record.id) {
                indexSpecs[index.fieldName] = (index.indexName, try JSONDecoder().decode(IndexSpec.self, from: Data(index.specJSON.utf8)))
            }
        } catch {
            throw QuiverError(.corruption, "catalog index specs of collection '\(record.name)' do not decode: \(error)")
        }
        for index in try catalog.segmentIndexes(collectionID: record.id) {
            guard stores[index.segmentID] != nil, indexSpecs[index.fieldName] != nil,
                  let field = schema.field(named: index.fieldName) else { continue }
            stores[index.segmentID]!.indexes[index.fieldName] = try loadIndex(
                name: index.fileName, directory: segmentDirectory, fileSystem: fileSystem,
                collectionID: record.id, segmentID: index.segmentID, field: field)
        }

        // 2. The log from the checkpoint on.
        let checkpoint = record.checkpointSequence
        let logFiles = try fileSystem.contentsOfDirectory(atPath: walDirectory)
            .compactMap { name in WALFileWriter.firstSequence(ofFileName: name).map { (name, $0) } }
            .sorted { $0.1 < $1.1 }
        for name in try fileSystem.contentsOfDirectory(atPath: walDirectory) where WALFileWriter.firstSequence(ofFileName: name) == nil {
            try fileSystem.removeFile(atPath: walDirectory + "/" + name)
            report.removedFileNames.append(name)
        }
        var records: [WALRecord] = []
        var expected = checkpoint + 1
        var keptFiles: [(name: String, lastSequence: UInt64)] = []
        for (index, (name, _)) in logFiles.enumerated() {
            let path = walDirectory + "/" + name
            let isNewest = index == logFiles.count - 1
            let contents: WALFileContents
            do {
                contents = try WALReader.read(try fileSystem.readFile(atPath: path), fileName: path,
                                              collectionID: record.id, isNewest: isNewest)
            } catch let error as WALReadError {
                throw QuiverError(.corruption, error.description)
            }
            if let dropped = contents.droppedTail {
                report.droppedWALByteCount += dropped.byteCount
                options.log?("WAL '\(path)': dropped \(dropped.byteCount) bytes of torn tail at offset \(contents.validByteCount): \(dropped.reason)")
                if contents.validByteCount < WALFrame.fileHeaderByteCount {
                    try fileSystem.removeFile(atPath: path)
                    try fileSystem.syncDirectory(atPath: walDirectory)
                    continue
                }
                try fileSystem.truncateFile(atPath: path, toSize: contents.validByteCount)
                // The cut must be durable before new records go to a newer file: otherwise a power
                // loss could bring the torn bytes back into what is then an older file, which
                // recovery must refuse as corruption.
                let cut = try fileSystem.openForAppending(atPath: path)
                try cut.sync()
                try cut.close()
            }
            for frame in contents.frames where frame.sequence >= expected {
                guard frame.sequence == expected else {
                    throw QuiverError(.corruption, "WAL '\(path)': records \(expected)..<\(frame.sequence) are missing (checkpoint \(checkpoint))")
                }
                do {
                    records.append(try WALRecord.decode(type: frame.type, sequence: frame.sequence, payload: frame.payload, schema: schema))
                } catch {
                    throw QuiverError(.corruption, "WAL file '\(path)' is corrupt at offset \(frame.payloadOffset + error.offset): \(error.message)")
                }
                expected += 1
            }
            let lastSequence = contents.frames.last?.sequence ?? contents.firstSequence - 1
            if lastSequence <= checkpoint, !isNewest {
                // Wholly below the checkpoint: a flush committed but crashed before deleting it.
                try fileSystem.removeFile(atPath: path)
                report.removedFileNames.append(name)
                continue
            }
            keptFiles.append((name, lastSequence))
        }
        let nextSequence = expected

        // 3. A buffer large enough for everything replayed, and a fresh log file.
        let replayRows = records.reduce(0) { total, record in
            switch record.body {
            case .insert(let batch), .upsert(let batch): total + batch.rowCount
            case .delete: total
            }
        }
        let bufferID = max(record.nextSegmentID, (segmentRecords.map(\.segmentID).max() ?? 0) + 1)
        let freshLogName = WALFileWriter.fileName(firstSequence: nextSequence)
        if keptFiles.last?.name == freshLogName {
            // An empty newest file that starts where the new one would: start it again.
            try fileSystem.removeFile(atPath: walDirectory + "/" + freshLogName)
            keptFiles.removeLast()
        }
        let wal = try WALFileWriter.create(fileSystem: fileSystem, directory: walDirectory,
                                           collectionID: record.id, firstSequence: nextSequence)
        let writer = CollectionWriter(
            collectionID: record.id, name: record.name, schema: schema, fileSystem: fileSystem, catalog: catalog,
            options: options, collectionDirectory: directory, wal: wal, nextSequence: checkpoint + 1,
            checkpointSequence: checkpoint, nextAutoID: record.nextAutoID, nextSegmentID: bufferID + 1,
            stores: stores, bufferID: bufferID)
        await writer.setIndexSpecs(indexSpecs)
        await writer.setPartitions(try catalog.partitions(collectionID: record.id))
        try await writer.replay(records, pkIndex: pkIndex, bufferRows: replayRows, keptLogFiles: keptFiles,
                                nextSequence: nextSequence, report: report)
        return writer
    }

    private func setIndexSpecs(_ specs: [String: (name: String, spec: IndexSpec)]) {
        indexSpecs = specs
    }

    /// Reads, checks and decodes one segment's index file.
    static func loadIndex(name: String, directory: String, fileSystem: any FileSystem, collectionID: Int64,
                          segmentID: Int64, field: FieldSchema) throws -> SegmentIndex {
        let path = directory + "/" + name
        let bytes: [UInt8]
        do {
            bytes = try fileSystem.readFile(atPath: path)
        } catch let error as FileSystemError where error.kind == .notFound {
            throw QuiverError(.corruption, "index file '\(path)' is referenced by the catalog but missing")
        }
        do {
            let payload = try IndexFile.decode(bytes, collectionID: collectionID, segmentID: segmentID, field: field.name)
            let index: SegmentIndex
            let indexDimension: Int
            do {
                if field.dataType == .binaryVector {
                    let decoded = try IndexFactory.decodeBinary(payload)
                    (index, indexDimension) = (.binary(decoded), decoded.dimension)
                } else {
                    let decoded = try IndexFactory.decodeFloat(payload)
                    (index, indexDimension) = (.float(decoded), decoded.dimension)
                }
            } catch {
                throw QuiverError(.corruption, "index file '\(path)' is corrupt: \(error)")
            }
            // A file whose checksum holds but whose vectors have another width would trap in the
            // first search; it is reported here like any other damage.
            guard indexDimension == field.dimension else {
                throw QuiverError(.corruption, "index file '\(path)' holds vectors of dimension \(indexDimension); field '\(field.name)' has \(field.dimension ?? 0)")
            }
            return index
        } catch let error as CodecError {
            throw QuiverError(.corruption, "index file '\(path)' is corrupt at offset \(error.offset): \(error.message)")
        }
    }

    private func replay(_ records: [WALRecord], pkIndex: [PrimaryKey: RowLocation], bufferRows: Int,
                        keptLogFiles: [(name: String, lastSequence: UInt64)], nextSequence: UInt64,
                        report: RecoveryReport) throws {
        self.pkIndex = pkIndex
        stores[bufferID] = StoreState(store: ColumnStore(segmentID: bufferID, schema: schema, capacity: max(bufferCapacity, bufferRows)),
                                      rowCount: 0, deleted: Bitset(count: 0), isCommitted: false,
                                      persistedDeletionFile: nil, persistedDeletedCount: 0)
        for record in records {
            if case .insert(let batch) = record.body {
                if let existing = batch.keys.first(where: { self.pkIndex[$0] != nil }) {
                    throw QuiverError(.corruption, "WAL record \(record.sequence) inserts key \(existing), which is already live")
                }
                if schema.primaryKeyField.autoID {
                    for case .int(let key) in batch.keys { nextAutoID = CollectionWriter.autoID(after: key, current: nextAutoID) }
                }
            }
            apply(record)
        }
        bufferRowsReserved = stores[bufferID]!.rowCount
        self.nextSequence = nextSequence
        durableSequence = nextSequence - 1
        // Log files other than the open one are kept until a checkpoint passes them.
        retiredWALFiles = keptLogFiles.map { RetiredLogFile(name: $0.name, lastSequence: $0.lastSequence, handle: nil) }
        var report = report
        report.replayedRecordCount = records.count
        recoveryReport = report
        publish()
        startFlushLoop()
    }
}
