// quiver insert: inserts every row of a vector file (--vectors) or of a JSON Lines file (--rows,
// see InsertCommand+Rows.swift) in batches.
// With --vectors, ids are --start-id, --start-id + 1, ... in file order (decimal strings for
// VarChar keys; chosen by Quiver for auto-id collections, which reject --start-id).
// Contract (crash tests rely on it): after each batch is acknowledged, and so durable, exactly one
// line {"acked_through": <last id of the batch>} is written to stdout before the next batch
// starts; nothing else goes to stdout. --partition P inserts every row into partition P.

import ArgumentParser
import Quiver
import QuiverMilvus

struct InsertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "insert", abstract: "Insert the vectors of a .npy or .fvecs file, or the rows of a JSON Lines file.")

    static let batchRowCounts = 1...100_000

    @OptionGroup var target: CollectionOptions

    @Option(name: .customLong("vectors"), help: "A .npy ('<f4', 2-D) or .fvecs file.")
    var vectorsPath: String?

    @Option(name: .customLong("rows"), help: "A JSON Lines file: one JSON object per row, keys are field names.")
    var rowsPath: String?

    @Option(name: .customLong("start-id"), help: "The id of the file's first row (default 0).")
    var startID: Int64?

    @Option(name: .customLong("batch"), help: "Rows per acknowledged insert.")
    var batchRowCount = 1000

    @OptionGroup var partition: PartitionTargetOption

    func validate() throws {
        guard Self.batchRowCounts.contains(batchRowCount) else {
            throw ValidationError("--batch \(batchRowCount) is outside \(Self.batchRowCounts.lowerBound)...\(Self.batchRowCounts.upperBound)")
        }
        guard (vectorsPath == nil) != (rowsPath == nil) else {
            throw ValidationError("give exactly one of --vectors FILE and --rows FILE.jsonl")
        }
        if rowsPath != nil && startID != nil {
            throw ValidationError("--start-id applies to --vectors only; with --rows each row gives its own id")
        }
    }

    func run() async throws {
        if let rowsPath { return try await insertRows(fromFile: rowsPath) }
        guard let vectorsPath else { preconditionFailure("validate() requires --vectors or --rows") }
        let matrix = try VectorFile.readFloatMatrix(atPath: vectorsPath)
        try await withDatabase(at: target.data) { database in
            let collection = try database.collection(target.collection)
            let field = try collection.floatVectorField()
            guard matrix.dimension == field.dimension else {
                throw QuiverError(.invalidArgument, "vector file '\(vectorsPath)' has dimension \(matrix.dimension), field '\(field.name)' of collection '\(collection.name)' has \(field.dimension ?? 0)")
            }
            let keys = try keyMaker(for: collection.schema.primaryKeyField, rowCount: matrix.rowCount)
            var progress = InsertProgress(totalRowCount: matrix.rowCount)
            for batchStart in stride(from: 0, to: matrix.rowCount, by: batchRowCount) {
                let rows = batchStart ..< min(batchStart + batchRowCount, matrix.rowCount)
                let inserted = try await collection.insert(ids: keys(rows), flatVectors: Array(matrix.rows(rows)),
                                                          partition: partition.name)
                guard let last = inserted.last else { continue }
                Output.json(["acked_through": RowCodec.json(of: last, int64AsString: false)])
                progress.advance(to: rows.upperBound)
            }
            progress.finish()
        }
    }

    /// The keys of file rows `range`, or nil for a collection that assigns them.
    private func keyMaker(for keyField: FieldSchema, rowCount: Int) throws -> (Range<Int>) -> [PrimaryKey]? {
        if keyField.autoID {
            guard startID == nil else {
                throw QuiverError(.invalidArgument, "--start-id is not allowed: the collection assigns ids itself (auto-id)")
            }
            return { _ in nil }
        }
        let start = startID ?? 0
        guard rowCount == 0 || !start.addingReportingOverflow(Int64(rowCount - 1)).overflow else {
            throw QuiverError(.invalidArgument, "--start-id \(start) plus \(rowCount) rows overflows Int64")
        }
        if keyField.dataType == .varChar {
            return { rows in rows.map { .string(String(start + Int64($0))) } }
        }
        return { rows in rows.map { .int(start + Int64($0)) } }
    }
}

/// A one-line progress bar on stderr, drawn only when stderr is a terminal.
struct InsertProgress {
    let totalRowCount: Int
    let isEnabled = Output.isStandardErrorTerminal
    private var drawnPercent = -1

    init(totalRowCount: Int) { self.totalRowCount = totalRowCount }

    mutating func advance(to rowCount: Int) {
        guard isEnabled, totalRowCount > 0 else { return }
        let percent = rowCount * 100 / totalRowCount
        guard percent != drawnPercent else { return }
        drawnPercent = percent
        let width = 30, filled = percent * width / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        Output.errorText("\r[\(bar)] \(percent)% \(rowCount)/\(totalRowCount) rows")
    }

    func finish() {
        if isEnabled && drawnPercent >= 0 { Output.errorText("\n") }
    }
}
