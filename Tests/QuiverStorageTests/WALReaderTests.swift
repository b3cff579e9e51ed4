// WALReader tests: a log built in memory, damaged at the offsets WALFormat.md documents, and the
// reader's verdict for each damage: records kept, torn tail cut with an exact byte count, or
// corruption thrown with the file name and the offset of the bad frame.
// Ownership: test target only.

import Testing
@testable import QuiverStorage

@Suite struct WALReaderTests {
    typealias Log = WALHarness

    // MARK: Clean files

    @Test func cleanFileReadsEveryRecordInOrder() throws {
        var log = try Log.withInserts(3)
        log.writeDelete(keys: [7, 9])
        for isNewest in [true, false] {
            let contents = try log.read(isNewest: isNewest)
            #expect(contents.firstSequence == 42)
            #expect(contents.frames.map(\.sequence) == [42, 43, 44, 45])
            #expect(contents.frames.map(\.offset) == log.frameOffsets)
            #expect(contents.validByteCount == log.bytes.count)
            #expect(contents.droppedTail == nil)
            let records = try log.records(contents)
            for (i, record) in records.prefix(3).enumerated() {
                guard case .insert(let batch) = record.body else { Issue.record("record \(i) is not an insert"); continue }
                #expect(batch.isBitwiseEqual(to: try everyTypeBatch((2 * i)..<(2 * i + 2))))
            }
            guard case .delete(let keys) = records[3].body else { Issue.record("last record is not a delete"); continue }
            #expect(keys == [.int(7), .int(9)])
        }
    }

    @Test func headerOnlyFileHoldsNoRecords() throws {
        let log = Log()
        let contents = try log.read(isNewest: false)
        #expect(contents.frames.isEmpty)
        #expect(contents.validByteCount == WALFrame.fileHeaderByteCount)
        #expect(contents.droppedTail == nil)
    }

    /// The worked example of WALFormat.md, byte for byte (CRCs aside).
    @Test func workedExampleMatchesTheFormatDocument() throws {
        var log = Log(firstSequence: 42)
        log.writeDelete(keys: [7, 9])
        let expected: [(offset: Int, bytes: [UInt8])] = [
            (0, [0x51, 0x57, 0x41, 0x4C, 0x01, 0x00, 0x00, 0x00]),
            (8, [1, 0, 0, 0, 0, 0, 0, 0]),
            (16, [0x2A, 0, 0, 0, 0, 0, 0, 0]),
            (28, [0x16, 0, 0, 0]),
            (36, [0x03, 0x2A, 0, 0, 0, 0, 0, 0, 0, 0x02, 0, 0, 0]),
            (49, [0x00, 0x07, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x09, 0, 0, 0, 0, 0, 0, 0]),
        ]
        for (offset, bytes) in expected {
            #expect(Array(log.bytes[offset..<(offset + bytes.count)]) == bytes, "bytes at offset \(offset)")
        }
        #expect(log.bytes.count == 67)
    }

    // MARK: Torn tails

    @Test func tornLastFrameInNewestFileIsCutAtEveryLength() throws {
        let whole = try Log.withInserts(3)
        let lastStart = whole.frameStart(2), lastEnd = whole.frameEnd(2)
        for length in lastStart..<lastEnd {
            var log = whole
            log.truncate(to: length)
            let contents = try log.read(isNewest: true)
            #expect(contents.frames.map(\.sequence) == [42, 43], "file cut to \(length) bytes")
            #expect(contents.validByteCount == lastStart)
            if length == lastStart {
                #expect(contents.droppedTail == nil, "a cut at a frame boundary drops nothing")
            } else {
                #expect(contents.droppedTail?.byteCount == length - lastStart, "file cut to \(length) bytes")
            }
        }
    }

    @Test func tornLastFrameInOlderFileIsCorruptionAtThatFrame() throws {
        let whole = try Log.withInserts(3)
        let lastStart = whole.frameStart(2)
        for length in (lastStart + 1)..<whole.frameEnd(2) {
            var log = whole
            log.truncate(to: length)
            let error = try #require(log.readError(isNewest: false), "file cut to \(length) bytes")
            #expect(error.fileName == "00000000000000000042.qwal")
            #expect(error.offset == lastStart)
            #expect(error.description.contains("00000000000000000042.qwal"))
            #expect(error.description.contains("offset \(lastStart)"))
        }
    }

    @Test func damageAnywhereInLastFrameOfNewestFileIsATornTail() throws {
        let whole = try Log.withInserts(3)
        let lastStart = whole.frameStart(2)
        for offset in lastStart..<whole.frameEnd(2) {
            var log = whole
            log.flipBits(at: offset)
            let contents = try log.read(isNewest: true)
            #expect(contents.frames.map(\.sequence) == [42, 43], "byte \(offset) flipped")
            #expect(contents.validByteCount == lastStart)
            #expect(contents.droppedTail?.byteCount == whole.bytes.count - lastStart, "byte \(offset) flipped")
        }
    }

    // MARK: Corruption before a whole frame

    @Test func damageAnywhereInMiddleFrameIsCorruptionEvenInNewestFile() throws {
        let whole = try Log.withInserts(3)
        let middleStart = whole.frameStart(1)
        for offset in middleStart..<whole.frameEnd(1) {
            var log = whole
            log.flipBits(at: offset)
            for isNewest in [true, false] {
                let error = try #require(log.readError(isNewest: isNewest), "byte \(offset) flipped")
                #expect(error.offset == middleStart, "byte \(offset) flipped, newest: \(isNewest)")
                #expect(error.fileName == log.fileName)
            }
        }
    }

    @Test func flippedPayloadByteOfMiddleRecordNamesTheFollowingWholeFrame() throws {
        var log = try Log.withInserts(3)
        log.incrementByte(at: log.payloadStart(1) + 5)
        let error = try #require(log.readError(isNewest: true))
        #expect(error.offset == log.frameStart(1))
        #expect(error.reason.contains("checksum"))
        #expect(error.reason.contains("sequence 44"))
        #expect(error.reason.contains("offset \(log.frameStart(2))"))
    }

    @Test func impossiblePayloadLengthBeforeWholeFrameIsCorruption() throws {
        var log = try Log.withInserts(3)
        log.setUInt32(.max, at: log.frameStart(1) + Log.frameLengthOffset)
        for isNewest in [true, false] {
            let error = try #require(log.readError(isNewest: isNewest))
            #expect(error.offset == log.frameStart(1))
            #expect(error.reason.contains("impossible"))
        }
    }

    @Test func impossiblePayloadLengthInLastFrameOfNewestFileIsATornTail() throws {
        var log = try Log.withInserts(3)
        log.setUInt32(UInt32(WALFrame.maxPayloadByteCount) + 1, at: log.frameStart(2) + Log.frameLengthOffset)
        let contents = try log.read(isNewest: true)
        #expect(contents.frames.count == 2)
        #expect(contents.droppedTail?.byteCount == log.frameEnd(2) - log.frameStart(2))
        #expect(contents.droppedTail?.reason.contains("impossible") == true)
        #expect(log.readError(isNewest: false)?.offset == log.frameStart(2))
    }

    @Test func payloadLengthPastEndOfFileIsATornTailOnlyInNewestFile() throws {
        var log = try Log.withInserts(2)
        log.setUInt32(1 << 20, at: log.frameStart(1) + Log.frameLengthOffset)
        let contents = try log.read(isNewest: true)
        #expect(contents.frames.map(\.sequence) == [42])
        #expect(contents.droppedTail?.byteCount == log.frameEnd(1) - log.frameStart(1))
        #expect(contents.droppedTail?.reason.contains("runs past the end") == true)
        #expect(log.readError(isNewest: false)?.offset == log.frameStart(1))
    }

    // MARK: Sequence numbers

    @Test func sequenceGapInsideFileIsCorruptionAtTheLaterFrame() throws {
        var log = try Log.withInserts(2)
        log.writeDelete(keys: [1])
        log.write(.delete([.int(2)]), sequence: log.nextSequence + 1)   // 45 follows 43: 44 is missing
        for isNewest in [true, false] {
            let error = try #require(log.readError(isNewest: isNewest))
            #expect(error.offset == log.frameStart(3))
            #expect(error.reason.contains("sequence 46 where 45 was expected"))
        }
    }

    @Test func firstFrameMustCarryTheFirstSequenceOfTheHeader() throws {
        var log = Log(firstSequence: 42)
        log.write(.delete([.int(1)]), sequence: 43)
        let error = try #require(log.readError(isNewest: true))
        #expect(error.offset == WALFrame.fileHeaderByteCount)
        #expect(error.reason.contains("sequence 43 where 42 was expected"))
    }

    @Test func repeatedSequenceIsCorruption() throws {
        var log = Log()
        log.writeDelete(keys: [1])
        log.write(.delete([.int(2)]), sequence: 42)
        #expect(log.readError(isNewest: true)?.offset == log.frameStart(1))
    }

    // MARK: Header

    @Test func badMagicIsCorruptionAtOffsetZero() throws {
        for magicByte in 0..<4 {
            var log = try Log.withInserts(1)
            log.incrementByte(at: Log.headerMagicOffset + magicByte)
            for isNewest in [true, false] {
                let error = try #require(log.readError(isNewest: isNewest))
                #expect(error.offset == 0)
                #expect(error.reason.contains("magic"))
            }
        }
    }

    @Test func unknownFormatVersionIsCorruptionAtOffsetFour() throws {
        var log = try Log.withInserts(1)
        log.incrementByte(at: Log.headerVersionOffset)
        log.resealHeader()
        let error = try #require(log.readError(isNewest: true))
        #expect(error.offset == 4)
        #expect(error.reason.contains("version 2"))
    }

    @Test func headerChecksumMismatchIsCorruptionAtOffset24() throws {
        for offset in [Log.headerCollectionOffset, Log.headerFirstSequenceOffset + 3, 6, Log.headerCRCOffset, Log.headerCRCOffset + 3] {
            var log = try Log.withInserts(1)
            log.incrementByte(at: offset)
            for isNewest in [true, false] {
                let error = try #require(log.readError(isNewest: isNewest), "header byte \(offset) changed")
                #expect(error.offset == 24, "header byte \(offset) changed")
                #expect(error.reason.contains("checksum"))
            }
        }
    }

    @Test func fileOfAnotherCollectionIsCorruptionAtOffset8() throws {
        let log = try Log.withInserts(1)
        for isNewest in [true, false] {
            let error = try #require(log.readError(isNewest: isNewest, collectionID: 2))
            #expect(error.offset == 8)
            #expect(error.reason.contains("collection 1, not 2"))
        }
    }

    @Test func resealedHeaderWithOtherCollectionIsCorruptionAtOffset8() throws {
        var log = try Log.withInserts(1)
        log.setUInt64(77, at: Log.headerCollectionOffset)
        log.resealHeader()
        #expect(log.readError(isNewest: true)?.offset == 8)
    }

    @Test func fileShorterThanHeaderIsDroppedWhenNewestAndCorruptOtherwise() throws {
        let whole = try Log.withInserts(1)
        for length in 0..<WALFrame.fileHeaderByteCount {
            var log = whole
            log.truncate(to: length)
            let contents = try log.read(isNewest: true)
            #expect(contents.frames.isEmpty)
            #expect(contents.validByteCount == 0)
            #expect(contents.droppedTail?.byteCount == length, "file of \(length) bytes")
            let error = try #require(log.readError(isNewest: false))
            #expect(error.offset == 0)
            #expect(error.reason.contains("shorter than"))
        }
    }

    // MARK: Payloads

    /// A frame whose CRC matches but whose payload does not decode is corruption (WALFormat.md):
    /// the reader passes it through; decoding against the schema throws.
    @Test func wholeFrameWithUndecodablePayloadFailsToDecode() throws {
        var log = Log()
        log.writeRaw(type: 1, payload: [1, 0, 0, 0])   // one row promised, no key
        let contents = try log.read(isNewest: true)
        #expect(contents.frames.count == 1)
        #expect(throws: CodecError.self) { try log.records(contents) }
    }
}
