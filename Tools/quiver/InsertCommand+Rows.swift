// quiver insert --rows: inserts a JSON Lines file, one JSON object per line (blank lines are
// skipped), converted by RowCodec (as the REST server converts rows) against the collection's schema. Rows are inserted in batches
// of --batch; after each acknowledged batch one {"acked_through": <last id>} line is printed,
// the id being the one Quiver assigned for auto-id collections.
// A bad line stops the insert with an error naming its line number: batches before it stay
// inserted (their acked_through lines say how far), the batch holding it is not inserted.

import Foundation
import Quiver
import QuiverJSON
import QuiverMilvus

extension InsertCommand {
    func insertRows(fromFile path: String) async throws {
        guard let contents = FileManager.default.contents(atPath: path) else {
            throw QuiverError(.invalidArgument, "rows file '\(path)' cannot be read")
        }
        let lines = RowsFileLines(contents)
        try await withDatabase(at: target.data) { database in
            let collection = try database.collection(target.collection)
            var progress = InsertProgress(totalRowCount: lines.count)
            var batch: [Row] = [], batchLineNumbers: [Int] = [], insertedRowCount = 0
            func insertBatch() async throws {
                guard !batch.isEmpty else { return }
                let inserted: [PrimaryKey]
                do {
                    inserted = try await collection.insert(batch, partition: partition.name)
                } catch let error as QuiverError {
                    throw Self.naming(lineNumbers: batchLineNumbers, in: error, path: path)
                }
                if let last = inserted.last { Output.json(["acked_through": RowCodec.json(of: last, int64AsString: false)]) }
                insertedRowCount += batch.count
                progress.advance(to: insertedRowCount)
                batch.removeAll(keepingCapacity: true)
                batchLineNumbers.removeAll(keepingCapacity: true)
            }
            for (lineNumber, line) in lines.nonBlankLines() {
                batch.append(try Self.row(from: line, lineNumber: lineNumber, path: path, schema: collection.schema))
                batchLineNumbers.append(lineNumber)
                if batch.count == batchRowCount { try await insertBatch() }
            }
            try await insertBatch()
            progress.finish()
        }
    }

    static func row(from line: Data.SubSequence, lineNumber: Int, path: String,
                    schema: CollectionSchema) throws(QuiverError) -> Row {
        let object: JSONValue
        do {
            object = try JSONParser.parse(Array(line), maxDepth: RequestLimits().jsonDepth)
        } catch {
            throw QuiverError(.invalidArgument, "rows file '\(path)' line \(lineNumber): invalid JSON (\(error.message))")
        }
        do {
            return try RowCodec.row(from: object, schema: schema, rowIndex: 0)
        } catch {
            // "row 0, field 'age': ..." is renamed to the line the user knows.
            throw naming(lineNumbers: [lineNumber], in: QuiverError(.invalidArgument, error.detail), path: path)
        }
    }

    /// The library names rows by their index in the batch ("row 3, field 'age': ..."); the user
    /// knows them by line number.
    static func naming(lineNumbers: [Int], in error: QuiverError, path: String) -> QuiverError {
        let message = error.message
        guard message.hasPrefix("row ") else {
            return QuiverError(error.code, "rows file '\(path)' lines \(lineNumbers.first ?? 0)...\(lineNumbers.last ?? 0): \(message)")
        }
        let digits = message.dropFirst(4).prefix(while: \.isNumber)
        guard let rowIndex = Int(digits), lineNumbers.indices.contains(rowIndex) else {
            return QuiverError(error.code, "rows file '\(path)': \(message)")
        }
        let rest = message.dropFirst(4 + digits.count)
        return QuiverError(error.code, "rows file '\(path)' line \(lineNumbers[rowIndex])\(rest)")
    }
}

/// The lines of a rows file, split on "\n" (a trailing "\r" is dropped), numbered from 1.
struct RowsFileLines {
    private let bytes: Data
    /// Lines holding more than whitespace (the progress bar's total).
    let count: Int

    init(_ bytes: Data) {
        self.bytes = bytes
        var count = 0
        Self.forEachLine(of: bytes) { _, line in
            if !Self.isBlank(line) { count += 1 }
        }
        self.count = count
    }

    func nonBlankLines() -> [(lineNumber: Int, bytes: Data.SubSequence)] {
        var lines: [(lineNumber: Int, bytes: Data.SubSequence)] = []
        lines.reserveCapacity(count)
        Self.forEachLine(of: bytes) { number, line in
            if !Self.isBlank(line) { lines.append((number, line)) }
        }
        return lines
    }

    private static func forEachLine(of bytes: Data, _ body: (Int, Data.SubSequence) -> Void) {
        var lineNumber = 1
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            var line = bytes[start ..< end]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            body(lineNumber, line)
            lineNumber += 1
            start = end == bytes.endIndex ? end : bytes.index(after: end)
        }
    }

    private static func isBlank(_ line: Data.SubSequence) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}
