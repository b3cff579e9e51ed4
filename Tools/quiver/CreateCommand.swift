// quiver create: creates a collection, either of an id and one float vector field "vector"
// (--dim, --metric, --id-type, --auto-id) or from a schema file in the Milvus REST v2 form
// (--schema FILE.json, see SchemaFile.swift, with the indexes it names; --metric then sets the metric of every vector field
// the file leaves without one). Prints {"created":"NAME"}.

import ArgumentParser
import Quiver
import QuiverMilvus

struct CreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a collection.")

    enum IDType: String, ExpressibleByArgument, CaseIterable {
        case int64, varchar
    }

    /// VarChar ids are at most this many UTF-8 bytes.
    static let varCharKeyMaxLength = 256

    @OptionGroup var target: CollectionOptions

    @Option(name: .customLong("dim"), help: "Dimension of the float vectors (without --schema).")
    var dimension: Int?

    @Option(help: "Distance metric: L2, IP or COSINE (with --schema: for vector fields that name none).")
    var metric: Metric?

    @Option(name: .customLong("schema"), help: "A schema file in the Milvus REST v2 form, instead of --dim.")
    var schemaPath: String?

    @Option(name: .customLong("id-type"), help: "Type of the primary key: int64 or varchar.")
    var idType: IDType?

    @Flag(name: .customLong("auto-id"), help: "Quiver assigns the (int64) ids.")
    var autoID = false

    func validate() throws {
        if schemaPath != nil {
            guard dimension == nil, idType == nil, !autoID else {
                throw ValidationError("--schema describes every field; leave out --dim, --id-type and --auto-id")
            }
            return
        }
        guard dimension != nil else { throw ValidationError("give --dim and --metric, or --schema FILE.json") }
        guard let metric else { throw ValidationError("--dim needs --metric (L2, IP or COSINE)") }
        guard !metric.isForBinaryVectors else {
            throw ValidationError("--metric \(metric.rawValue) is for binary vectors; use L2, IP or COSINE")
        }
        if autoID && idType == .varchar {
            throw ValidationError("--auto-id needs --id-type int64")
        }
    }

    func run() async throws {
        let schema: CollectionSchema
        var indexes: [IndexParameters] = []
        if let schemaPath {
            (schema, indexes) = try Self.schema(fromFile: schemaPath, defaultMetric: metric)
        } else if let dimension, let metric {
            schema = CollectionSchema.simple(
                dimension: dimension, metric: metric, autoID: autoID,
                primaryKeyType: idType == .varchar ? .varChar : .int64, maxKeyLength: Self.varCharKeyMaxLength)
        } else {
            preconditionFailure("validate() lets no other combination through")
        }
        let name = target.collection
        try await withDatabase(at: target.data) { database in
            // The indexes are part of the create: a failed one leaves no collection behind.
            _ = try await database.createCollection(name, schema: schema) { collection in
                for index in indexes {
                    do {
                        try await index.create(on: collection)
                    } catch let error as APIError {
                        throw QuiverError(.invalidArgument, error.message)
                    }
                }
            }
        }
        Output.json(["created": .string(name)])
    }

    /// The schema of a --schema file, with `defaultMetric` given to the vector fields of its kind
    /// (float or binary) that name no metric.
    static func schema(fromFile path: String, defaultMetric: Metric?) throws -> (CollectionSchema, [IndexParameters]) {
        var (schema, indexes) = try SchemaFile.read(atPath: path)
        guard let defaultMetric else { return (schema, indexes) }
        let kind: DataType = defaultMetric.isForBinaryVectors ? .binaryVector : .floatVector
        guard schema.fields.contains(where: { $0.dataType == kind }) else {
            throw QuiverError(.invalidArgument, "--metric \(defaultMetric.rawValue) applies to \(kind.rawValue) fields; schema file '\(path)' has none")
        }
        for index in schema.fields.indices where schema.fields[index].dataType == kind && schema.fields[index].metric == nil {
            schema.fields[index].metric = defaultMetric
        }
        return (schema, indexes)
    }
}
