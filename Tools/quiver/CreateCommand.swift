// quiver create: creates a collection of an id and one float vector field "vector".
// Prints {"created":"NAME"}.

import ArgumentParser
import Quiver

struct CreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a collection.")

    enum IDType: String, ExpressibleByArgument, CaseIterable {
        case int64, varchar
    }

    /// VarChar ids are at most this many UTF-8 bytes.
    static let varCharKeyMaxLength = 256

    @OptionGroup var target: CollectionOptions

    @Option(name: .customLong("dim"), help: "Dimension of the float vectors.")
    var dimension: Int

    @Option(help: "Distance metric: L2, IP or COSINE.")
    var metric: Metric

    @Option(name: .customLong("id-type"), help: "Type of the primary key: int64 or varchar.")
    var idType: IDType = .int64

    @Flag(name: .customLong("auto-id"), help: "Quiver assigns the (int64) ids.")
    var autoID = false

    func validate() throws {
        guard !metric.isForBinaryVectors else {
            throw ValidationError("--metric \(metric.rawValue) is for binary vectors; use L2, IP or COSINE")
        }
        if autoID && idType != .int64 {
            throw ValidationError("--auto-id needs --id-type int64")
        }
    }

    func run() async throws {
        let schema = CollectionSchema.simple(
            dimension: dimension, metric: metric, autoID: autoID,
            primaryKeyType: idType == .varchar ? .varChar : .int64, maxKeyLength: Self.varCharKeyMaxLength)
        let name = target.collection
        try await withDatabase(at: target.data) { database in
            _ = try await database.createCollection(name, schema: schema)
        }
        Output.line(JSONText.object([("created", JSONText.string(name))]))
    }
}
