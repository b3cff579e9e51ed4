// Vector indexes: configure one per vector field; the Compactor builds it for every segment of
// at least `DatabaseOptions.indexBuildThresholdRows` rows, in the background. Buffers and smaller
// segments are always searched exactly, so results never wait for an index.

import QuiverIndex
import QuiverStorage

/// A field's index and how far its build has come.
public struct IndexStatus: Sendable, Equatable {
    /// The indexed field.
    public let fieldName: String
    /// The index's name (the field's name unless one was given).
    public let indexName: String
    /// Kind, metric and build parameters, with defaults filled in.
    public let spec: IndexSpec
    /// Rows in segments whose index is built.
    public let indexedRows: Int
    /// Rows searched exactly for now: buffers, small segments, segments awaiting their build.
    public let pendingRows: Int
    /// "Finished" when every segment large enough has its index, else "InProgress" (Milvus's words).
    public var state: String { segmentsAwaitingBuild == 0 ? "Finished" : "InProgress" }
    /// Segments large enough for an index whose build has not run yet.
    public let segmentsAwaitingBuild: Int
}

extension Collection {
    /// Configures the index of a vector field. `spec.parameters` use Milvus names (nlist, m,
    /// nbits, M, efConstruction); AUTOINDEX picks HNSW for float vectors and BIN_FLAT for binary.
    /// Fails with `.invalidArgument` naming the parameter and its range.
    @discardableResult
    public func createIndex(field: String? = nil, name: String? = nil, spec: IndexSpec) async throws -> IndexSpec {
        let fieldName = try field ?? defaultVectorFieldName()
        return try await writer.createIndex(field: fieldName, name: name, spec: spec)
    }

    /// Configures a sorted index on a scalar field (Bool, integers, Float, Double, VarChar):
    /// `.stlSort` or `.inverted` (the same structure here). Reads then narrow committed segments
    /// to the rows an equality, `in` or range test on the field names, before evaluating the
    /// rest of the filter; buffers are still scanned.
    @discardableResult
    public func createScalarIndex(field: String, kind: IndexKind = .inverted, name: String? = nil) async throws -> IndexSpec {
        try await writer.createIndex(field: field, name: name, spec: IndexSpec(kind: kind, metric: .l2))
    }

    /// Drops the index of `field` (the only vector field when nil) and deletes its files;
    /// searches on it become exact.
    public func dropIndex(field: String? = nil) async throws {
        try await writer.dropIndex(field: field ?? defaultVectorFieldName())
    }

    /// Every configured index and how far its builds have come.
    public func indexes() async -> [IndexStatus] {
        await writer.describeIndexes().map {
            IndexStatus(fieldName: $0.fieldName, indexName: $0.indexName, spec: $0.spec, indexedRows: $0.indexedRows,
                        pendingRows: $0.pendingRows, segmentsAwaitingBuild: $0.segmentsAwaitingBuild)
        }
    }

    /// Builds every pending segment index now and returns how many were built (the background
    /// Compactor does the same over time).
    @discardableResult
    public func buildIndexes() async throws -> Int {
        try await compactor.buildIndexes()
    }

    private func defaultVectorFieldName() throws(QuiverError) -> String {
        guard let field = schema.vectorFields.first else {
            throw QuiverError(.invalidArgument, "collection '\(name)' has no vector field")
        }
        return field.name
    }
}
