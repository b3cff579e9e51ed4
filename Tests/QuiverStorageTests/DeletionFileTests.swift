// DeletionFile tests: bitmaps of every word-boundary size round-trip; the worked example of
// DeletionFile.swift holds byte for byte; any flipped byte, any truncation, or a file of another
// segment or row count throws.
// Ownership: test target only.

import QuiverKernels
import Testing
@testable import QuiverStorage

@Suite struct DeletionFileTests {
    static func bitmap(count: Int, deleted: [Int]) -> Bitset {
        var bits = Bitset(count: count)
        for row in deleted { bits[row] = true }
        return bits
    }

    @Test(arguments: [0, 1, 63, 64, 65, 130])
    func bitmapRoundTrips(_ rowCount: Int) throws {
        let deleted = Self.bitmap(count: rowCount, deleted: Array(stride(from: 0, to: rowCount, by: 3)) + (rowCount > 0 ? [rowCount - 1] : []))
        let bytes = DeletionFile.encode(deleted, segmentID: 9)
        #expect(bytes.count == 28 + (rowCount + 63) / 64 * 8)
        #expect(try DeletionFile.decode(bytes, segmentID: 9, rowCount: rowCount) == deleted)
    }

    @Test func workedExampleMatchesTheComment() throws {
        let bytes = DeletionFile.encode(Self.bitmap(count: 2, deleted: [1]), segmentID: 3)
        #expect(Array(bytes[0..<8]) == Array("QDEL".utf8) + [1, 0, 0, 0])
        #expect(Array(bytes[8..<16]) == [3, 0, 0, 0, 0, 0, 0, 0])
        #expect(Array(bytes[16..<24]) == [2, 0, 0, 0, 0, 0, 0, 0])
        #expect(Array(bytes[24..<32]) == [2, 0, 0, 0, 0, 0, 0, 0])
        #expect(bytes.count == 36)
    }

    @Test func everyFlippedByteIsDetected() throws {
        let bytes = DeletionFile.encode(Self.bitmap(count: 100, deleted: [0, 50, 99]), segmentID: 4)
        for offset in bytes.indices {
            for mask: UInt8 in [0x01, 0x80] {
                var damaged = bytes
                damaged[offset] ^= mask
                #expect(throws: CodecError.self, "byte \(offset) ^ \(mask)") {
                    try DeletionFile.decode(damaged, segmentID: 4, rowCount: 100)
                }
            }
        }
    }

    @Test func everyTruncationIsDetected() throws {
        let bytes = DeletionFile.encode(Self.bitmap(count: 100, deleted: [7]), segmentID: 4)
        for length in 0..<bytes.count {
            #expect(throws: CodecError.self, "file cut to \(length) bytes") {
                try DeletionFile.decode(Array(bytes.prefix(length)), segmentID: 4, rowCount: 100)
            }
        }
    }

    @Test func bitmapOfAnotherSegmentOrSizeIsRejectedAtOffset8() throws {
        let bytes = DeletionFile.encode(Self.bitmap(count: 100, deleted: [7]), segmentID: 4)
        let otherSegment = try #require(throws: CodecError.self) { try DeletionFile.decode(bytes, segmentID: 5, rowCount: 100) }
        #expect(otherSegment.offset == 8)
        let otherSize = try #require(throws: CodecError.self) { try DeletionFile.decode(bytes, segmentID: 4, rowCount: 101) }
        #expect(otherSize.offset == 8)
    }

    @Test func fileNameCarriesSegmentAndCheckpoint() {
        #expect(DeletionFile.fileName(segmentID: 3, checkpoint: 120) == "000000000003-120.qdel")
    }
}
