// Options every subcommand shares (--data, --collection) and the open-work-close pattern.
// Invariant: a subcommand's database is closed (buffers flushed, lock released) before the
// process exits, whether the work succeeded or threw.

import ArgumentParser
import Foundation
import Quiver

struct DataDirectoryOptions: ParsableArguments {
    @Option(name: .long, help: "The data directory of the database.")
    var data: String
}

struct CollectionOptions: ParsableArguments {
    @Option(name: .long, help: "The data directory of the database.")
    var data: String

    @Option(name: .long, help: "The collection's name.")
    var collection: String
}

/// Opens the database at `path`, runs `body`, and closes the database either way.
func withDatabase<Result>(at path: String, _ body: (Database) async throws -> Result) async throws -> Result {
    let database = try await Database.open(at: path)
    do {
        let result = try await body(database)
        await database.close()
        return result
    } catch {
        await database.close()
        throw error
    }
}

extension Quiver.Collection {
    /// The float vector field the CLI reads and writes (the first one).
    func floatVectorField() throws -> FieldSchema {
        guard let field = schema.vectorFields.first(where: { $0.dataType == .floatVector }), field.dimension != nil else {
            throw QuiverError(.invalidArgument, "collection '\(name)' has no FloatVector field")
        }
        return field
    }

    /// Parses "1,2,3" into keys of this collection's key type.
    func parseKeys(_ list: String) throws -> [PrimaryKey] {
        let parts = list.split(separator: ",", omittingEmptySubsequences: true)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard !parts.isEmpty else { throw QuiverError(.invalidArgument, "--ids is empty; give ids like 1,2,3") }
        if schema.primaryKeyField.dataType == .varChar { return parts.map { .string($0) } }
        return try parts.map { part in
            guard let value = Int64(part) else {
                throw QuiverError(.invalidArgument, "--ids: '\(part.prefix(40))' is not an Int64 id")
            }
            return .int(value)
        }
    }
}

/// Metrics parse case-insensitively; the CLI handles float vectors only, so help lists those.
extension Metric: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { [Metric.l2, .innerProduct, .cosine].map(\.rawValue) }
}
