// quiver search: exact k-nearest-neighbour search for every row of a query file.
// Prints one line per query, in file order: {"ids":[...],"distances":[...]}, best first; ids are
// numbers for Int64 keys and strings for VarChar keys; distances are the metric's raw scores.
// --filter restricts the candidates to rows matching a boolean expression; --ef (HNSW) and
// --nprobe (IVF) tune indexed segments (buffers and small segments are always searched exactly);
// --partition p1,p2 searches only those partitions.

import ArgumentParser
import Quiver
import QuiverJSON
import QuiverMilvus

struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "search", abstract: "Search the nearest neighbours of query vectors.")

    @OptionGroup var target: CollectionOptions

    @Option(name: .customLong("queries"), help: "A .npy ('<f4', 2-D) or .fvecs file of query vectors.")
    var queriesPath: String

    @Option(name: .customLong("k"), help: "Neighbours per query.")
    var k: Int

    @Option(help: "Metric (default: the collection's): L2, IP or COSINE.")
    var metric: Metric?

    @Option(help: "Only rows matching this boolean expression may be returned, e.g. 'age > 30'.")
    var filter: String?

    @Option(help: "HNSW search breadth (at least --k).")
    var ef: Int?

    @Option(help: "IVF lists probed per query.")
    var nprobe: Int?

    @OptionGroup var partitions: PartitionScopeOption

    func run() async throws {
        let partitionNames = try partitions.names()
        let queries = try VectorFile.readFloatMatrix(atPath: queriesPath)
        try await withDatabase(at: target.data) { database in
            let collection = try database.collection(target.collection)
            let field = try collection.floatVectorField()
            guard queries.dimension == field.dimension else {
                throw QuiverError(.invalidArgument, "query file '\(queriesPath)' has dimension \(queries.dimension), field '\(field.name)' of collection '\(collection.name)' has \(field.dimension ?? 0)")
            }
            let chunkRowCount = SearchLimits.queryCount.upperBound
            for chunkStart in stride(from: 0, to: queries.rowCount, by: chunkRowCount) {
                let rows = chunkStart ..< min(chunkStart + chunkRowCount, queries.rowCount)
                let vectors = rows.map { Array(queries.row($0)) }
                let results = try await collection.search(vectors, k: k, field: field.name, metric: metric,
                                                                ef: ef, nprobe: nprobe, filter: filter,
                                                          partitions: partitionNames)
                var text = ""
                for hits in results {
                    text += JSONWriter.string(of: .object([
                        "ids": .array(hits.map { RowCodec.json(of: $0.id, int64AsString: false) }),
                        "distances": .array(hits.map { .float($0.distance) }),
                    ]))
                    text += "\n"
                }
                if !text.isEmpty { Output.line(String(text.dropLast())) }
            }
        }
    }
}
