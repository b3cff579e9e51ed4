// quiver index: configures the vector index of a collection's field (create, describe, drop).
// Indexes are built per segment of at least DatabaseOptions.indexBuildThresholdRows rows; smaller
// segments and buffers are searched exactly. Every subcommand prints one JSON object per index:
//   {"field":"vector","index_name":"vector","type":"HNSW","metric":"L2",
//    "params":{"M":16,"efConstruction":200},"indexed_rows":0,"pending_rows":100,"state":"Finished"}

import ArgumentParser
import Quiver
import QuiverMilvus
import QuiverJSON

struct IndexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index", abstract: "Create, describe or drop a vector index.",
        subcommands: [IndexCreateCommand.self, IndexDescribeCommand.self, IndexDropCommand.self])
}

enum IndexText {
    /// One index as a JSON object (keys as in the file comment; params sorted by name).
    static func line(for status: IndexStatus) -> String {
        let params = JSONObject(status.spec.parameters)
        return JSONWriter.string(of: .object([
            "field": .string(status.fieldName),
            "index_name": .string(status.indexName),
            "type": .string(status.spec.kind.rawValue),
            // Scalar indexes (STL_SORT, INVERTED) have no metric.
            "metric": status.spec.kind.isForScalars ? .null : .string(status.spec.metric.rawValue),
            "params": .object(params),
            "indexed_rows": .int(Int64(status.indexedRows)),
            "pending_rows": .int(Int64(status.pendingRows)),
            "state": .string(status.state),
        ]))
    }

    /// The index of `field`, or of every indexed field when nil; throws .notFound when there is none.
    static func statuses(of collection: Quiver.Collection, field: String?) async throws -> [IndexStatus] {
        let all = await collection.indexes()
        guard let field else {
            guard !all.isEmpty else { throw QuiverError(.notFound, "collection '\(collection.name)' has no index") }
            return all
        }
        let matching = all.filter { $0.fieldName == field }
        guard !matching.isEmpty else {
            throw QuiverError(.notFound, "field '\(field.prefix(64))' of collection '\(collection.name)' has no index")
        }
        return matching
    }
}
