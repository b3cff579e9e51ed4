// SegmentCodec tests: a ColumnStore encodes and decodes back bit for bit; LZ4 is chosen only
// where it pays; vector data is 64-byte aligned; and damage (a flipped byte anywhere, a truncation,
// the wrong ids) makes decode throw, never trap and never return different rows.
// Ownership: test target only.

import QuiverKernels
import Testing
@testable import QuiverStorage

@Suite struct SegmentCodecTests {
    static let collectionID: Int64 = 11
    static let segmentID: Int64 = 3
    static let dimension = 32
    /// Without the binary vector field: SegmentCodec cannot yet decode one (see
    /// `binaryVectorColumnRoundTrips`), and the damage tests below must start from a file that decodes.
    static let schema = CollectionSchema.everyType(dimension: dimension, binaryVector: false)

    /// 150 `everyType` rows in three batches (sequences 5, 6, 7), with random-mantissa embeddings.
    static func makeStore(rowCount: Int = 150, schema: CollectionSchema = schema) throws -> ColumnStore {
        let store = ColumnStore(segmentID: segmentID, schema: schema, capacity: rowCount)
        var random = SeededRandom(seed: 7)
        let embeddings = (0..<rowCount).map { _ in random.gaussians(dimension) }
        let third = rowCount / 3
        for (i, range) in [0..<third, third..<(2 * third), (2 * third)..<rowCount].enumerated() {
            store.append(try everyTypeBatch(range, schema: schema, embeddings: { embeddings[$0] }), sequence: UInt64(5 + i))
        }
        return store
    }

    static func decode(_ bytes: [UInt8], collectionID: Int64 = collectionID, segmentID: Int64 = segmentID,
                       schema: CollectionSchema = schema) throws(CodecError) -> ColumnStore {
        try SegmentCodec.decode(bytes, schema: schema, collectionID: collectionID, segmentID: segmentID)
    }

    // MARK: Round trips

    @Test func everyColumnRoundTripsBitForBit() throws {
        let store = try Self.makeStore()
        let bytes = SegmentCodec.encode(store, rowCount: 150, collectionID: Self.collectionID)
        let decoded = try Self.decode(bytes)
        #expect(decoded.segmentID == Self.segmentID)
        #expect(decoded.keys.count == 150)
        #expect(decoded.holdsSameRows(as: store, rowCount: 150))
        #expect((0..<150).map { decoded.sequences[$0] } == Array(repeating: 5, count: 50) + Array(repeating: 6, count: 50) + Array(repeating: 7, count: 50))
        #expect(decoded.value(of: "large", at: 149) == .int(Int64.min + 149))
        #expect(decoded.value(of: "note", at: 3) == .null)
        #expect(decoded.value(of: "$meta", at: 2) == .json("{\"color\":\"c2\"}"))
        #expect(decoded.value(of: "id", at: 42) == .int(42))
    }

    /// Bug: SegmentCodec.fill appends a binary vector block's bytes without consuming them from its
    /// reader, so the "bytes left over" check rejects every segment holding a BinaryVector field.
    @Test func binaryVectorColumnRoundTrips() throws {
        let schema = CollectionSchema.everyType(dimension: Self.dimension, binaryVector: true)
        let store = try Self.makeStore(schema: schema)
        let bytes = SegmentCodec.encode(store, rowCount: 150, collectionID: Self.collectionID)
        let decoded = try Self.decode(bytes, schema: schema)
        #expect(decoded.holdsSameRows(as: store, rowCount: 150))
        #expect(decoded.value(of: "fingerprint", at: 3) == .binaryVector([3, 0xA5]))
    }

    @Test func encodesOnlyTheRowsItIsAskedFor() throws {
        let store = try Self.makeStore()
        let decoded = try Self.decode(SegmentCodec.encode(store, rowCount: 61, collectionID: Self.collectionID))
        #expect(decoded.keys.count == 61)
        #expect(decoded.holdsSameRows(as: store, rowCount: 61))
    }

    @Test func emptySegmentRoundTrips() throws {
        let store = ColumnStore(segmentID: Self.segmentID, schema: Self.schema, capacity: 0)
        let decoded = try Self.decode(SegmentCodec.encode(store, rowCount: 0, collectionID: Self.collectionID))
        #expect(decoded.keys.count == 0)
        #expect(decoded.floatVectors["embedding"]?.values.count == 0)
    }

    /// The worked example of SegmentFormat.md: block headers at 40, 104 and 168, footer at 208.
    @Test func workedExampleMatchesTheFormatDocument() throws {
        let schema = CollectionSchema(fields: [.int64PrimaryKey("id"), .floatVector("v", dimension: 2)])
        let store = ColumnStore(segmentID: 3, schema: schema, capacity: 2)
        store.append(try RowValidator.batch(from: [["id": .int(1), "v": .floatVector([1, 2])],
                                                   ["id": .int(2), "v": .floatVector([3, 4])]],
                                            schema: schema, autoIDStart: nil), sequence: 5)
        let bytes = SegmentCodec.encode(store, rowCount: 2, collectionID: 1)
        let layout = try SegmentLayout(bytes)
        #expect(Array(bytes[0..<8]) == Array("QSEG".utf8) + [1, 0, 0, 0])
        #expect(layout.blocks.map(\.headerOffset) == [40, 104, 168])
        #expect(layout.blocks.map(\.rawByteCount) == [18, 16, 16])
        #expect(layout.footerOffset == 208)
        // The document calls the keys block raw; 18 bytes that LZ4 shrinks to 16 save 11%, so the
        // codec (rightly, by the 10% rule) stores it compressed. Its raw bytes are as documented.
        #expect(try BlockCodec.readBlock(in: bytes, at: 40) == [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0])
        #expect(try BlockCodec.readBlock(in: bytes, at: 104) == [5, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0])
        #expect(Array(bytes.suffix(4)) == Array("QSGE".utf8))
        #expect(try SegmentCodec.decode(bytes, schema: schema, collectionID: 1, segmentID: 3).holdsSameRows(as: store, rowCount: 2))
    }

    // MARK: Layout

    @Test func lz4IsUsedForCompressibleColumnsOnly() throws {
        let bytes = SegmentCodec.encode(try Self.makeStore(), rowCount: 150, collectionID: Self.collectionID)
        let layout = try SegmentLayout(bytes)
        let sequences = try #require(layout.block(kind: .sequences))
        let levels = try #require(layout.block(kind: .scalars, name: "level"))
        let embedding = try #require(layout.block(kind: .floatVectors, name: "embedding"))
        #expect(sequences.compression == 1, "150 sequences of three values compress")
        #expect(levels.compression == 1, "a column of one default value compresses")
        #expect(sequences.storedByteCount * 10 <= sequences.rawByteCount * 9)
        #expect(embedding.compression == 0, "random floats stay raw")
        #expect(embedding.storedByteCount == 150 * Self.dimension * 4)
        #expect(embedding.width == Self.dimension)
    }

    @Test func everyBlockDataStartsOn64ByteBoundary() throws {
        for rowCount in [1, 7, 150] {
            let bytes = SegmentCodec.encode(try Self.makeStore(rowCount: max(rowCount, 3)), rowCount: rowCount,
                                            collectionID: Self.collectionID)
            let layout = try SegmentLayout(bytes)
            #expect(layout.blocks.count == 2 + 1 + 14)   // keys, sequences, 1 vector, 13 scalars + $meta
            for block in layout.blocks {
                #expect(block.dataOffset % 64 == 0, "block '\(block.name)' (kind \(block.kind)) data at \(block.dataOffset)")
            }
        }
    }

    // MARK: Damage

    /// A flipped byte either makes decode throw or, when it lies in padding or reserved bytes that
    /// no check reads (see SegmentLayout.uncheckedOffsets), leaves the decoded rows unchanged.
    @Test func flippedByteAnywhereNeverYieldsDifferentRows() throws {
        let store = try Self.makeStore()
        let bytes = SegmentCodec.encode(store, rowCount: 150, collectionID: Self.collectionID)
        #expect(try Self.decode(bytes).holdsSameRows(as: store, rowCount: 150), "the undamaged file decodes")
        let unchecked = try SegmentLayout(bytes).uncheckedOffsets
        let sampleCount = 300
        var positions = Set((0..<sampleCount).map { $0 * bytes.count / sampleCount })
        positions.formUnion(0..<SegmentLayout.headerByteCount)
        positions.formUnion((bytes.count - 64)..<bytes.count)
        var silentlyAccepted: [Int] = []
        for (i, position) in positions.sorted().enumerated() {
            var damaged = bytes
            damaged[position] ^= UInt8(1 << (i % 8))
            do {
                let decoded = try Self.decode(damaged)
                silentlyAccepted.append(position)
                #expect(unchecked.contains(position), "flip at \(position) of \(bytes.count) decoded without error")
                #expect(decoded.keys.count == 150 && decoded.holdsSameRows(as: store, rowCount: 150),
                        "flip at \(position) changed the rows")
            } catch {
                // Detected, as it should be.
            }
        }
        #expect(silentlyAccepted.count < positions.count / 10)
    }

    @Test func truncationAtSampledLengthsThrows() throws {
        let bytes = SegmentCodec.encode(try Self.makeStore(), rowCount: 150, collectionID: Self.collectionID)
        _ = try Self.decode(bytes)   // the undamaged file decodes
        var lengths = Set(stride(from: 0, to: bytes.count, by: 97))
        lengths.formUnion([1, 35, 36, 51, 52, 53])
        lengths.formUnion((bytes.count - 40)..<bytes.count)
        for length in lengths.sorted() {
            #expect(throws: CodecError.self, "segment cut to \(length) of \(bytes.count) bytes") {
                try Self.decode(Array(bytes.prefix(length)))
            }
        }
    }

    @Test func bytesAppendedAfterTheTrailerAreRejected() throws {
        let bytes = SegmentCodec.encode(try Self.makeStore(), rowCount: 150, collectionID: Self.collectionID)
        #expect(throws: CodecError.self) { try Self.decode(bytes + [0]) }
        #expect(throws: CodecError.self) { try Self.decode(bytes + bytes.suffix(16)) }
    }

    @Test func wrongSegmentOrCollectionIsRejectedAtOffset8() throws {
        let bytes = SegmentCodec.encode(try Self.makeStore(), rowCount: 150, collectionID: Self.collectionID)
        let wrongSegment = try #require(throws: CodecError.self) { try Self.decode(bytes, segmentID: 4) }
        #expect(wrongSegment.offset == 8)
        #expect(wrongSegment.message.contains("segment 3 of collection 11"))
        let wrongCollection = try #require(throws: CodecError.self) { try Self.decode(bytes, collectionID: 12) }
        #expect(wrongCollection.offset == 8)
    }

    @Test func schemaThatDoesNotMatchIsRejected() throws {
        let bytes = SegmentCodec.encode(try Self.makeStore(), rowCount: 150, collectionID: Self.collectionID)
        let otherDimension = CollectionSchema.everyType(dimension: Self.dimension + 1, binaryVector: false)
        #expect(throws: CodecError.self) { try Self.decode(bytes, schema: otherDimension) }
        let extraField = Self.schema.adding(FieldSchema(name: "extra", dataType: .bool, nullable: true))
        let missing = try #require(throws: CodecError.self) { try Self.decode(bytes, schema: extraField) }
        #expect(missing.message.contains("extra"))
        let fewerFields = Self.schema.replacing("title", with: nil)
        #expect(throws: CodecError.self) { try Self.decode(bytes, schema: fewerFields) }
    }
}
