// WALHarness: builds one WAL file's bytes in memory, frame by frame, damages bytes at the offsets
// WALFormat.md documents, and reads the file back with WALReader (LevelDB's log_test.cc `LogTest`).
// Invariants: `frameOffsets[i]` is the offset of frame i's first byte in `bytes` as written; damage
// helpers change `bytes` only, so offsets keep naming the frames the test wrote.
// Ownership: test target only; a value type, one per test.

import QuiverKernels
@testable import QuiverStorage

struct WALHarness {
    // Documented offsets (WALFormat.md, "Grammar" and "Worked example").
    static let headerMagicOffset = 0
    static let headerVersionOffset = 4
    static let headerCollectionOffset = 8
    static let headerFirstSequenceOffset = 16
    static let headerCRCOffset = 24
    static let frameLengthOffset = 0      // relative to the frame's first byte
    static let frameCRCOffset = 4
    static let frameTypeOffset = 8
    static let frameSequenceOffset = 9
    static let framePayloadOffset = 17

    static let collectionID: Int64 = 1
    let schema: CollectionSchema
    let firstSequence: UInt64
    let fileName: String
    private(set) var bytes: [UInt8]
    /// Where each frame written so far begins and ends (one past its last byte).
    private(set) var frameOffsets: [Int] = []
    private(set) var frameEnds: [Int] = []
    private(set) var nextSequence: UInt64

    init(schema: CollectionSchema = .everyType(), firstSequence: UInt64 = 42) {
        self.schema = schema
        self.firstSequence = firstSequence
        self.fileName = WALFileWriter.fileName(firstSequence: firstSequence)
        self.bytes = WALFrame.fileHeader(collectionID: Self.collectionID, firstSequence: firstSequence)
        self.nextSequence = firstSequence
    }

    // MARK: Writing

    /// Appends a frame for `body` with the next sequence number (or `sequence`, to make a gap).
    mutating func write(_ body: WALRecord.Body, sequence: UInt64? = nil) {
        let record = WALRecord(sequence: sequence ?? nextSequence, body: body)
        frameOffsets.append(bytes.count)
        bytes += WALFrame.frame(type: record.type, sequence: record.sequence,
                                payload: record.encodePayload(schema: schema))
        frameEnds.append(bytes.count)
        nextSequence = record.sequence + 1
    }

    /// Appends a frame with any type byte and payload bytes and a correct CRC: whole, but it
    /// may not decode.
    mutating func writeRaw(type: UInt8, payload: [UInt8]) {
        var frame = WALFrame.frame(type: .insert, sequence: nextSequence, payload: payload)
        frame[Self.frameTypeOffset] = type
        let crc = CRC32C.masked(CRC32C.checksum(Array(frame[Self.frameTypeOffset...])))
        for i in 0..<4 { frame[Self.frameCRCOffset + i] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(i))) }
        frameOffsets.append(bytes.count)
        bytes += frame
        frameEnds.append(bytes.count)
        nextSequence += 1
    }

    /// Appends an insert of `everyType` rows `rows`.
    mutating func writeInsert(rows: Range<Int>) throws {
        write(.insert(try everyTypeBatch(rows, schema: schema)))
    }

    mutating func writeDelete(keys: [Int64]) {
        write(.delete(keys.map { .int($0) }))
    }

    var frameCount: Int { frameOffsets.count }

    func frameStart(_ frame: Int) -> Int { frameOffsets[frame] }

    /// One past the last byte of `frame` as written.
    func frameEnd(_ frame: Int) -> Int { frameEnds[frame] }

    func payloadStart(_ frame: Int) -> Int { frameOffsets[frame] + Self.framePayloadOffset }

    // MARK: Damage

    mutating func incrementByte(at offset: Int, by delta: UInt8 = 1) {
        bytes[offset] &+= delta
    }

    mutating func flipBits(at offset: Int, mask: UInt8 = 0x5A) {
        bytes[offset] ^= mask
    }

    mutating func setUInt32(_ value: UInt32, at offset: Int) {
        for i in 0..<4 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
    }

    mutating func setUInt64(_ value: UInt64, at offset: Int) {
        for i in 0..<8 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
    }

    /// Recomputes the header CRC, so a changed header field is seen by its own check.
    mutating func resealHeader() {
        let crc = CRC32C.masked(CRC32C.checksum(Array(bytes[0..<Self.headerCRCOffset])))
        setUInt32(crc, at: Self.headerCRCOffset)
    }

    mutating func truncate(to length: Int) {
        bytes.removeSubrange(length...)
    }

    // MARK: Reading

    func read(isNewest: Bool, collectionID: Int64 = Self.collectionID) throws(WALReadError) -> WALFileContents {
        try WALReader.read(bytes, fileName: fileName, collectionID: collectionID, isNewest: isNewest)
    }

    /// The error reading this file raises, or nil when it reads.
    func readError(isNewest: Bool, collectionID: Int64 = Self.collectionID) -> WALReadError? {
        do {
            _ = try read(isNewest: isNewest, collectionID: collectionID)
            return nil
        } catch {
            return error
        }
    }

    /// Decodes each whole frame's payload against the schema.
    func records(_ contents: WALFileContents) throws -> [WALRecord] {
        try contents.frames.map { frame throws(CodecError) in
            try WALRecord.decode(type: frame.type, sequence: frame.sequence, payload: frame.payload, schema: schema)
        }
    }
}

extension WALHarness {
    /// A log of `count` inserts of two `everyType` rows each, sequences 42, 43, ...
    static func withInserts(_ count: Int, schema: CollectionSchema = .everyType()) throws -> WALHarness {
        var log = WALHarness(schema: schema)
        for i in 0..<count { try log.writeInsert(rows: (2 * i)..<(2 * i + 2)) }
        return log
    }
}
