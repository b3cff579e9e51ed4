// IndexParameters: one element of `indexParams` ({fieldName, indexName?, metricType, indexType?,
// params}) parsed and checked against the schema before anything is created, shared by
// collections/create and indexes/create. Build parameters take Milvus's names and may come as
// numbers or numeric strings (words where Milvus uses words: sq_type "SQ8", refine true);
// `metric_type`/`index_type` inside `params` are accepted too.

import Quiver
import QuiverJSON

package struct IndexParameters: Sendable {
    package let fieldName: String
    package let indexName: String?
    package let spec: IndexSpec

    package static let nonBuildKeys: Set<String> = ["metric_type", "metricType", "index_type", "indexType"]

    package init(_ value: JSONValue, position: Int, schema: CollectionSchema) throws(APIError) {
        guard case .object(let body) = value else { throw .invalid("indexParams[\(position)] must be an object") }
        let request = APIRequest(body: body)
        fieldName = try request.name("fieldName")
        indexName = try request.optionalName("indexName")
        guard let field = schema.field(named: fieldName) else {
            throw APIError(.fieldNotFound, "indexParams[\(position)]: field '\(fieldName)' is not in the schema")
        }
        let params = try request.object("params") ?? JSONObject()
        let kindName = try request.string("indexType") ?? params["index_type"]?.stringValue ?? params["indexType"]?.stringValue
        let kind: IndexKind
        if let kindName, !kindName.isEmpty {
            guard let known = IndexKind(rawValue: kindName.uppercased()) else {
                throw APIError(.indexTypeNotSupported, "index type '\(kindName.prefix(64))' on field '\(fieldName)'; supported: \(IndexKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            kind = known
        } else {
            kind = .autoIndex
        }
        // Scalar fields take STL_SORT / INVERTED / AUTOINDEX (the engine checks the field type).
        guard field.dataType.isVector || kind.isForScalars || kind == .autoIndex else {
            throw APIError(.indexTypeNotSupported, "index type \(kind.rawValue) on field '\(fieldName)' (\(field.dataType.rawValue)); "
                           + "scalar fields take STL_SORT, INVERTED or AUTOINDEX")
        }
        guard !field.dataType.isVector || !kind.isForScalars else {
            throw APIError(.indexTypeNotSupported, "index type \(kind.rawValue) on vector field '\(fieldName)'; it indexes scalar fields")
        }
        let metricName = try request.string("metricType") ?? params["metric_type"]?.stringValue ?? params["metricType"]?.stringValue
        let metric: Metric
        if let metricName, !metricName.isEmpty {
            guard let known = Metric(name: metricName) else {
                throw .invalid("metricType '\(metricName.prefix(64))' of field '\(fieldName)'; allowed: \(Metric.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            metric = known
        } else {
            metric = field.effectiveMetric
        }
        var build: [String: Int] = [:]
        for (key, value) in params.members where !Self.nonBuildKeys.contains(key) {
            build[key] = try Self.buildValue(value, key: key)
        }
        spec = IndexSpec(kind: kind, metric: metric, parameters: build)
    }

    /// A build parameter as the number a spec keeps: words such as sq_type "SQ8" or refine
    /// true through IndexSpec.symbolicParameterValues, anything else as an integer.
    package static func buildValue(_ value: JSONValue, key: String) throws(APIError) -> Int {
        if case .string(let text) = value, let words = IndexSpec.symbolicParameterValues[key],
           let number = words.first(where: { $0.key.lowercased() == text.lowercased() })?.value {
            return number
        }
        if case .bool(let flag) = value, key == "refine" { return flag ? 1 : 0 }
        if case .string(let text) = value, Int(text) == nil, let words = IndexSpec.symbolicParameterValues[key] {
            throw .invalid("params.\(key) = '\(text.prefix(64))'; allowed: \(words.keys.sorted().joined(separator: ", "))")
        }
        return try APIRequest.integer(value, parameter: "params.\(key)")
    }

    /// Creates the index; maps a second index on the field to 702, a scalar index the field's
    /// type or role cannot take to 701, and bad parameters to 1100.
    package func create(on collection: Quiver.Collection) async throws {
        do {
            try await collection.createIndex(field: fieldName, name: indexName, spec: spec)
        } catch let error as QuiverError {
            let scalarRefused = spec.kind.isForScalars || (spec.kind == .autoIndex && !(collection.schema.field(named: fieldName)?.dataType.isVector ?? true))
            throw error.apiError(notFound: .fieldNotFound)
                .with(code: error.code == .alreadyExists ? .indexDuplicate : (scalarRefused && error.code == .invalidArgument ? .indexTypeNotSupported : nil))
        }
    }
}

extension JSONObject {
    /// Build parameters as Milvus shows them: numbers, and words where Milvus uses words
    /// (sq_type "SQ8", refine true; IndexSpec.symbolicParameterValues).
    package init(_ parameters: [String: Int]) {
        self.init()
        for key in parameters.keys.sorted() {
            let value = parameters[key]!
            if key == "refine" {
                self[key] = .bool(value != 0)
            } else if let word = IndexSpec.symbolicParameterValues[key]?.first(where: { $0.value == value })?.key {
                self[key] = .string(word)
            } else {
                self[key] = .int(Int64(value))
            }
        }
    }
}
