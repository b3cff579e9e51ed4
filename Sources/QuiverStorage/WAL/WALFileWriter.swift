// WALFileWriter: the log file a CollectionWriter appends frames to.
// Invariants: the header is synced and the directory entry made durable before the first frame is
// appended, so a synced frame is never lost with its file's name; `lastSequence` is the sequence of
// the last frame appended (not necessarily synced).
// Ownership: appends and close from the CollectionWriter actor; `sync()` may run on the group
// commit thread concurrently with appends (WritableFile allows that).

import QuiverFileSystem
import QuiverKernels

final class WALFileWriter: @unchecked Sendable {
    let name: String
    let firstSequence: UInt64
    private let file: any WritableFile
    /// Written only by the CollectionWriter actor.
    private(set) var lastSequence: UInt64?

    private init(name: String, firstSequence: UInt64, file: any WritableFile) {
        self.name = name
        self.firstSequence = firstSequence
        self.file = file
    }

    static func fileName(firstSequence: UInt64) -> String {
        let digits = String(firstSequence)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".qwal"
    }

    /// Parses a log file name back to its first sequence; nil for anything else.
    static func firstSequence(ofFileName name: String) -> UInt64? {
        guard name.hasSuffix(".qwal"), name.count == 25 else { return nil }
        return UInt64(name.prefix(20))
    }

    static func create(fileSystem: any FileSystem, directory: String, collectionID: Int64,
                       firstSequence: UInt64) throws -> WALFileWriter {
        let name = fileName(firstSequence: firstSequence)
        let file = try fileSystem.createFile(atPath: directory + "/" + name)
        do {
            try file.append(WALFrame.fileHeader(collectionID: collectionID, firstSequence: firstSequence))
            try file.sync()
            try fileSystem.syncDirectory(atPath: directory)
        } catch {
            try? file.close()
            throw error
        }
        return WALFileWriter(name: name, firstSequence: firstSequence, file: file)
    }

    var byteCount: Int { file.size }

    func append(_ record: WALRecord, schema: CollectionSchema) throws {
        let payload = record.encodePayload(schema: schema)
        guard payload.count <= WALFrame.maxPayloadByteCount else {
            throw QuiverError(.invalidArgument, "batch encodes to \(payload.count) bytes; the limit per batch is \(WALFrame.maxPayloadByteCount)")
        }
        if let last = lastSequence {
            precondition(record.sequence == last + 1, "WAL sequence gap: \(last) then \(record.sequence)")
        } else {
            precondition(record.sequence == firstSequence, "first record \(record.sequence) in file starting at \(firstSequence)")
        }
        try file.append(WALFrame.frame(type: record.type, sequence: record.sequence, payload: payload))
        lastSequence = record.sequence
    }

    func sync() throws { try file.sync() }

    func close() throws { try file.close() }
}
