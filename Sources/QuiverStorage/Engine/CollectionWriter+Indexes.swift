// Indexes of a collection: the spec per field (in the catalog), and for vector fields the index
// built for each segment by the Compactor's index pass. Scalar fields take STL_SORT/INVERTED:
// no file, a SortedScalarIndex sorted in memory on first use per committed segment. Segments
// below `indexBuildThresholdRows` and every buffer stay exact. An index file is committed through the commit pipeline, so it is ordered
// with merges: a segment merged away before its index commits simply loses the index (the file is
// removed), and the merge output gets its own in a later pass. The Compactor picks what to build
// from the published Version (Version.indexSpecs); the writer only commits and attaches.

import Foundation
import QuiverCatalog
import QuiverFileSystem
import QuiverIndex
import QuiverKernels

/// A field's index as callers see it.
package struct IndexDescription: Sendable {
    package let fieldName: String
    package let indexName: String
    package let spec: IndexSpec
    /// Rows in segments whose index is built.
    package let indexedRows: Int
    /// Rows that a search on this field scans exactly (buffers, small or unindexed segments).
    package let pendingRows: Int
    /// Segments large enough for an index that do not have one yet.
    package let segmentsAwaitingBuild: Int
}

extension CollectionWriter {
    package func createIndex(field fieldName: String, name indexName: String?, spec: IndexSpec) throws -> IndexSpec {
        try checkUsable()
        guard let field = schema.field(named: fieldName) else {
            throw QuiverError(.invalidArgument, "collection '\(name)' has no field '\(fieldName.prefix(64))'")
        }
        var resolved = field.dataType.isVector ? spec.resolved() : try Self.scalarIndexSpec(spec, for: field)
        // FLAT on a binary field is BIN_FLAT (what the build produces): stored as such, so the
        // built file's spec matches the catalog's and the index pass commits it instead of
        // rebuilding it for ever.
        if field.dataType == .binaryVector, resolved.kind == .flat {
            resolved = IndexSpec(kind: .binFlat, metric: resolved.metric, parameters: resolved.parameters)
        }
        if field.dataType.isVector {
            try Self.checkVectorIndexSpec(resolved, for: field)
        }
        let indexName = indexName ?? fieldName
        try CollectionSchema.validateName(indexName, what: "index name")
        guard indexSpecs[fieldName] == nil else {
            throw QuiverError(.alreadyExists, "field '\(fieldName)' of collection '\(name)' already has an index; drop it first")
        }
        // Index names are unique in a collection (Milvus refuses a second index of the same name).
        if let other = indexSpecs.first(where: { $0.value.name == indexName }) {
            throw QuiverError(.alreadyExists, "collection '\(name)' already has an index named '\(indexName)' (on field '\(other.key)')")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try! encoder.encode(resolved), as: UTF8.self)
        do {
            try catalog.createIndex(IndexRecord(collectionID: collectionID, fieldName: fieldName, indexName: indexName,
                                                specJSON: json, createdAtMs: currentTimeMs()))
        } catch {
            throw QuiverError(.io, "recording the index of '\(fieldName)': \(error)")
        }
        indexSpecs[fieldName] = (indexName, resolved)
        publish()   // the Compactor finds the fields to build in the published Version
        return resolved
    }

    /// A vector field's spec: parameters in range, metric and kind fit the field's type.
    private static func checkVectorIndexSpec(_ resolved: IndexSpec, for field: FieldSchema) throws(QuiverError) {
        let fieldName = field.name
        do {
            try resolved.validate(dimension: field.dimension ?? 0)
        } catch {
            throw QuiverError(.invalidArgument, "index on field '\(fieldName)': \(error.message)")
        }
        guard resolved.metric.isForBinaryVectors == (field.dataType == .binaryVector) else {
            throw QuiverError(.invalidArgument, "index on field '\(fieldName)': metric \(resolved.metric.rawValue) does not apply to \(field.dataType.rawValue)")
        }
        guard resolved.kind.isForBinaryVectors == (field.dataType == .binaryVector) || resolved.kind == .flat else {
            throw QuiverError(.invalidArgument, "index on field '\(fieldName)': \(resolved.kind.rawValue) does not apply to \(field.dataType.rawValue)")
        }
        guard !resolved.kind.isForScalars else {
            throw QuiverError(.invalidArgument, "index on field '\(fieldName)': \(resolved.kind.rawValue) indexes scalar fields, not \(field.dataType.rawValue)")
        }
    }

    /// A scalar field's spec: STL_SORT or INVERTED (AUTOINDEX picks INVERTED, as Milvus does),
    /// on a field type the sorted index can order.
    private static func scalarIndexSpec(_ spec: IndexSpec, for field: FieldSchema) throws(QuiverError) -> IndexSpec {
        let kind: IndexKind = spec.kind == .autoIndex ? .inverted : spec.kind
        guard kind.isForScalars else {
            throw QuiverError(.invalidArgument, "index on field '\(field.name)': \(spec.kind.rawValue) indexes vectors; "
                              + "scalar field '\(field.name)' (\(field.dataType.rawValue)) takes STL_SORT, INVERTED or AUTOINDEX")
        }
        guard !field.isPrimaryKey else {
            throw QuiverError(.invalidArgument, "index on field '\(field.name)': \(kind.rawValue) on the primary key is not needed; "
                              + "reads by key already go through the key index")
        }
        guard SortedScalarIndex.supports(field.dataType) else {
            throw QuiverError(.invalidArgument, "index on field '\(field.name)': \(kind.rawValue) does not apply to \(field.dataType.rawValue); "
                              + "it orders Bool, Int8...Int64, Float, Double and VarChar fields")
        }
        guard spec.parameters.isEmpty else {
            throw QuiverError(.invalidArgument, "index on field '\(field.name)': \(kind.rawValue) takes no parameters, got \(spec.parameters.keys.sorted().joined(separator: ", "))")
        }
        return IndexSpec(kind: kind, metric: spec.metric)
    }

    package func dropIndex(field fieldName: String) throws {
        try checkUsable()
        guard indexSpecs[fieldName] != nil else {
            throw QuiverError(.notFound, "field '\(fieldName.prefix(64))' of collection '\(name)' has no index")
        }
        let files: [String]
        do {
            files = try catalog.dropIndex(collectionID: collectionID, fieldName: fieldName)
        } catch {
            throw QuiverError(.io, "dropping the index of '\(fieldName)': \(error)")
        }
        let wasScalar = indexSpecs[fieldName]?.spec.kind.isForScalars ?? false
        indexSpecs[fieldName] = nil
        for id in stores.keys { stores[id]!.indexes[fieldName] = nil }
        if wasScalar {
            for id in stores.keys { stores[id]!.store.sortedIndexes.withLock { $0[fieldName] = nil } }
        }
        publish()
        // Loaded indexes live on in Versions that readers hold; the files are no longer needed.
        for file in files { try? fileSystem.removeFile(atPath: segmentDirectory + "/" + file) }
    }

    package func describeIndexes() -> [IndexDescription] {
        indexSpecs.keys.sorted().map { field in
            let (indexName, spec) = indexSpecs[field]!
            var indexed = 0, pending = 0, awaiting = 0
            for state in stores.values {
                let live = state.rowCount - state.deleted.setCount
                if spec.kind.isForScalars {
                    // Sorted on first use for every committed segment; buffers are scanned.
                    if state.isCommitted { indexed += live } else { pending += live }
                } else if state.indexes[field] != nil {
                    indexed += live
                } else {
                    pending += live
                    if state.isCommitted && state.rowCount >= options.indexBuildThresholdRows { awaiting += 1 }
                }
            }
            return IndexDescription(fieldName: field, indexName: indexName, spec: spec, indexedRows: indexed,
                                    pendingRows: pending, segmentsAwaitingBuild: awaiting)
        }
    }

    /// Queues the commit of an index file written for a segment and waits for it; the index is
    /// then attached to the segment. Returns false when the segment or the field's index spec
    /// went away meanwhile (the file is removed).
    package func attachIndex(_ index: SegmentIndex, segmentID: Int64, field: String, fileName: String) async -> Bool {
        let attachment = IndexAttachment(index: index, segmentID: segmentID, fieldName: field, fileName: fileName)
        let collectionID = self.collectionID
        return await enqueue(CommitJob(activity: "committing an index", writeFiles: { _ in
            var commit = CatalogCommit(collectionID: collectionID)
            commit.addedSegmentIndexes = [SegmentIndexRecord(segmentID: segmentID, fieldName: field, fileName: fileName)]
            return commit
        }, edit: .indexAttached(attachment))).value
    }

    /// Whether the index may still be committed: its segment is committed and its field's spec
    /// is the one it was built for.
    func canAttach(_ attachment: IndexAttachment) -> Bool {
        stores[attachment.segmentID]?.isCommitted == true && indexSpecs[attachment.fieldName]?.spec == attachment.index.spec
    }

    /// After an index's catalog commit: attach it, unless dropIndex ran during the commit (the
    /// drop removed the catalog rows and the file; never attach an index the field no longer has).
    func applyIndex(_ attachment: IndexAttachment) -> Bool {
        guard indexSpecs[attachment.fieldName]?.spec == attachment.index.spec else { return false }
        stores[attachment.segmentID]?.indexes[attachment.fieldName] = attachment.index
        publish()
        return true
    }
}
