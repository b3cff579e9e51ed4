// WALReader: parses one WAL file's bytes into whole frames, classifying damage as a torn tail
// (cut and reported) or as corruption (thrown with file and offset). See WALFormat.md.
// Pure: takes bytes, touches no files, so tests can damage bytes at documented offsets.

import QuiverKernels

struct WALFrameRecord: Sendable, Equatable {
    let type: UInt8
    let sequence: UInt64
    let payload: [UInt8]
    /// Offset of the frame's first byte in the file.
    let offset: Int
    /// Offset of the payload's first byte in the file.
    var payloadOffset: Int { offset + WALFrame.frameHeaderByteCount }
}

struct WALFileContents: Sendable {
    let firstSequence: UInt64
    let frames: [WALFrameRecord]
    /// Bytes from the start of the file through the last whole frame.
    let validByteCount: Int
    /// Set when a torn tail was found: how many bytes after `validByteCount` are dropped, and why.
    let droppedTail: (byteCount: Int, reason: String)?
}

struct WALReadError: Error, Sendable, CustomStringConvertible {
    let fileName: String
    let offset: Int
    let reason: String
    var description: String { "WAL file '\(fileName)' is corrupt at offset \(offset): \(reason)" }
}

enum WALReader {
    /// - Parameter isNewest: the newest file of the log, where a torn tail is expected after a crash.
    static func read(_ bytes: [UInt8], fileName: String, collectionID: Int64,
                     isNewest: Bool) throws(WALReadError) -> WALFileContents {
        func corrupt(_ offset: Int, _ reason: String) -> WALReadError {
            WALReadError(fileName: fileName, offset: offset, reason: reason)
        }
        guard bytes.count >= WALFrame.fileHeaderByteCount else {
            if isNewest {
                return WALFileContents(firstSequence: 0, frames: [], validByteCount: 0,
                                       droppedTail: (bytes.count, "file shorter than its header (crash during creation)"))
            }
            throw corrupt(0, "file of \(bytes.count) bytes is shorter than the \(WALFrame.fileHeaderByteCount)-byte header")
        }
        var header = ByteReader(bytes, range: 0..<WALFrame.fileHeaderByteCount)
        let magic = try! header.readBytes(count: 4)
        guard magic == WALFrame.magic else { throw corrupt(0, "bad magic \(magic)") }
        let version = try! header.readUInt16LE()
        guard version == WALFrame.formatVersion else { throw corrupt(4, "unsupported format version \(version)") }
        _ = try! header.readUInt16LE()
        let fileCollection = try! header.readInt64LE()
        let firstSequence = try! header.readUInt64LE()
        let storedHeaderCRC = try! header.readUInt32LE()
        let headerCRC = CRC32C.masked(bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<24])) })
        guard storedHeaderCRC == headerCRC else { throw corrupt(24, "header checksum mismatch") }
        guard fileCollection == collectionID else {
            throw corrupt(8, "file belongs to collection \(fileCollection), not \(collectionID)")
        }

        var frames: [WALFrameRecord] = []
        var offset = WALFrame.fileHeaderByteCount
        var expectedSequence = firstSequence
        while offset < bytes.count {
            switch frame(in: bytes, at: offset) {
            case .whole(let record):
                guard record.sequence == expectedSequence else {
                    throw corrupt(offset, "sequence \(record.sequence) where \(expectedSequence) was expected")
                }
                frames.append(record)
                offset += WALFrame.frameHeaderByteCount + record.payload.count
                expectedSequence += 1
            case .damaged(let reason):
                let dropped = bytes.count - offset
                guard isNewest else { throw corrupt(offset, reason) }
                if let later = laterWholeFrame(in: bytes, after: offset, expectedSequence: expectedSequence) {
                    throw corrupt(offset, "\(reason); a whole frame (sequence \(later.sequence)) follows at offset \(later.offset)")
                }
                return WALFileContents(firstSequence: firstSequence, frames: frames, validByteCount: offset,
                                       droppedTail: (dropped, reason))
            }
        }
        return WALFileContents(firstSequence: firstSequence, frames: frames, validByteCount: offset, droppedTail: nil)
    }

    private enum FrameOutcome {
        case whole(WALFrameRecord)
        case damaged(String)
    }

    private static func frame(in bytes: [UInt8], at offset: Int) -> FrameOutcome {
        guard bytes.count - offset >= WALFrame.frameHeaderByteCount else {
            return .damaged("\(bytes.count - offset) bytes are too few for a frame header")
        }
        let reader = ByteReader(bytes)
        let length = Int(reader.getUInt32LE(at: offset)!)
        guard length <= WALFrame.maxPayloadByteCount else { return .damaged("payload length \(length) is impossible") }
        let end = offset + WALFrame.frameHeaderByteCount + length
        guard end <= bytes.count else {
            return .damaged("frame of \(length) payload bytes runs past the end of the file")
        }
        let storedCRC = reader.getUInt32LE(at: offset + 4)!
        let crc = bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[(offset + 8)..<end])) }
        guard CRC32C.masked(crc) == storedCRC else { return .damaged("frame checksum mismatch") }
        let type = bytes[offset + 8]
        let sequence = reader.getUInt64LE(at: offset + 9)!
        let payload = Array(bytes[(offset + WALFrame.frameHeaderByteCount)..<end])
        return .whole(WALFrameRecord(type: type, sequence: sequence, payload: payload, offset: offset))
    }

    /// Looks for a whole frame after a damaged one whose sequence continues the log; only such a
    /// frame proves the damage is not a torn tail. Candidates are filtered by sequence before the
    /// CRC is computed, so the scan stays cheap on garbage.
    private static func laterWholeFrame(in bytes: [UInt8], after damagedOffset: Int,
                                        expectedSequence: UInt64) -> WALFrameRecord? {
        let reader = ByteReader(bytes)
        var candidate = damagedOffset + 1
        while candidate + WALFrame.frameHeaderByteCount <= bytes.count {
            if let sequence = reader.getUInt64LE(at: candidate + 9),
               sequence >= expectedSequence, sequence < expectedSequence &+ 1_000_000,
               case .whole(let record) = frame(in: bytes, at: candidate) {
                return record
            }
            candidate += 1
        }
        return nil
    }
}
