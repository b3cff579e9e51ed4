// quiver index create: configures a field's index, seals the buffer and builds the index of every
// segment large enough before returning; then prints the index (see IndexCommand.swift).
//   quiver index create --data D --collection C --type HNSW --metric L2 --params M=16,efConstruction=200
//   quiver index create --data D --collection C --field age --type STL_SORT     (a scalar field)

import ArgumentParser
import Quiver
import QuiverJSON
import QuiverMilvus

struct IndexCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create and build a vector or scalar index.")

    @OptionGroup var target: CollectionOptions

    @Option(help: "The field (default: the first vector field); scalar fields take STL_SORT, INVERTED or AUTOINDEX.")
    var field: String?

    @Option(name: .customLong("type"), help: "HNSW, IVF_FLAT, IVF_SQ8, IVF_PQ, FLAT, BIN_FLAT, BIN_IVF_FLAT, STL_SORT, INVERTED or AUTOINDEX.")
    var typeName: String

    @Option(help: "The metric the index is built for (default: the field's): L2, IP, COSINE, HAMMING or JACCARD.")
    var metric: Metric?

    @Option(help: "Build parameters NAME=VALUE, comma-separated: nlist, m, nbits (IVF), M, efConstruction (HNSW), sq_type=SQ8, refine=true (HNSW_SQ).")
    var params: String?

    func validate() throws {
        _ = try kind()
        _ = try parameters()
    }

    func run() async throws {
        let kind = try kind(), parameters = try parameters()
        let statuses = try await withDatabase(at: target.data) { database in
            let collection = try database.collection(target.collection)
            guard let fieldName = field ?? collection.schema.vectorFields.first?.name else {
                throw QuiverError(.invalidArgument, "collection '\(collection.name)' has no vector field")
            }
            guard let vectorField = collection.schema.field(named: fieldName) else {
                throw QuiverError(.invalidArgument, "field '\(fieldName.prefix(64))' is not in the schema of collection '\(collection.name)'")
            }
            let metric = metric ?? vectorField.effectiveMetric
            try await collection.createIndex(field: fieldName, spec: IndexSpec(kind: kind, metric: metric, parameters: parameters))
            try await collection.flush()
            try await collection.buildIndexes()
            return try await IndexText.statuses(of: collection, field: fieldName)
        }
        for status in statuses { Output.line(IndexText.line(for: status)) }
    }

    private func kind() throws -> IndexKind {
        guard let kind = IndexKind(rawValue: typeName.uppercased()) else {
            throw ValidationError("--type '\(typeName)' is not an index type; use \(IndexKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return kind
    }

    /// "M=16,efConstruction=200" as ["M": 16, "efConstruction": 200]; names keep their case;
    /// values are integers or, where Milvus uses words (sq_type=SQ8, refine=true), the words,
    /// read as the server reads them (IndexParameters.buildValue).
    private func parameters() throws -> [String: Int] {
        guard let params else { return [:] }
        var parsed: [String: Int] = [:]
        for item in params.split(separator: ",", omittingEmptySubsequences: true) {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else {
                throw ValidationError("--params: '\(item.prefix(64))' is not NAME=VALUE")
            }
            let text = parts[1].lowercased()
            let given: JSONValue = text == "true" || text == "false" ? .bool(text == "true") : .string(parts[1])
            let value: Int
            do { value = try IndexParameters.buildValue(given, key: parts[0]) } catch {
                throw ValidationError("--params: \(error.message)")
            }
            guard parsed.updateValue(value, forKey: parts[0]) == nil else {
                throw ValidationError("--params: '\(parts[0])' is given twice")
            }
        }
        return parsed
    }
}
