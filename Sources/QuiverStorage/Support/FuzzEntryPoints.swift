// FuzzEntryPoints: one package function per on-disk decoder, for the libFuzzer targets in
// FuzzTests/ (a separate package, which cannot see `internal` or `package` symbols) and for the
// corpus replay test. Each takes arbitrary bytes, runs the decoder against a fixed schema and
// fixed ids, swallows every thrown error and returns whether the bytes decoded.
// Invariants: a trap (precondition, overflow, out-of-bounds index) is the only failure the
// fuzzers look for; a decoder must throw, never trap, on any byte sequence from disk.
// Each entry decodes the bytes twice: as given, and with every checksum recomputed
// (FuzzChecksumRepair), so mutations behind a CRC still reach the parsing code.
// Ownership: stateless; not part of the embedded API (no caller outside tests and fuzzers).

import Foundation
import QuiverIndex
import QuiverKernels

@_spi(Fuzzing) public enum FuzzEntryPoints {
    /// The collection and segment ids every fuzzed file is decoded as; corpus files carry them.
    public static let collectionID: Int64 = 1
    public static let segmentID: Int64 = 1
    /// The field name an index file is decoded for.
    public static let indexFieldName = "embedding"

    /// A key, a float and a binary vector, a field of every scalar type, a nullable and a
    /// defaulted field, and the dynamic field: every branch of the row codecs.
    public static let schema = CollectionSchema(fields: [
        .int64PrimaryKey("id"),
        .floatVector("embedding", dimension: 4),
        .binaryVector("fingerprint", dimension: 16),
        FieldSchema(name: "active", dataType: .bool),
        FieldSchema(name: "tiny", dataType: .int8),
        FieldSchema(name: "small", dataType: .int16),
        FieldSchema(name: "medium", dataType: .int32),
        FieldSchema(name: "large", dataType: .int64),
        FieldSchema(name: "ratio", dataType: .float),
        FieldSchema(name: "score", dataType: .double),
        FieldSchema(name: "title", dataType: .varChar, maxLength: 16),
        FieldSchema(name: "doc", dataType: .json),
        FieldSchema(name: "ranks", dataType: .array, elementType: .int32, maxCapacity: 4),
        FieldSchema(name: "labels", dataType: .array, maxLength: 8, elementType: .varChar, maxCapacity: 3),
        FieldSchema(name: "note", dataType: .varChar, maxLength: 32, nullable: true),
        FieldSchema(name: "level", dataType: .int32, defaultValue: .int(7)),
    ], enableDynamicField: true)

    /// WALReader.read (as the newest file and as an older one), then WALRecord.decode of every frame.
    @discardableResult
    public static func fuzzWALReader(_ bytes: [UInt8]) -> Bool {
        let decoded = readWAL(bytes)
        readWAL(FuzzChecksumRepair.wal(bytes))
        return decoded
    }

    /// SegmentCodec.decode, then every value of every row read back.
    @discardableResult
    public static func fuzzSegmentReader(_ bytes: [UInt8]) -> Bool {
        let decoded = readSegment(bytes)
        readSegment(FuzzChecksumRepair.segment(bytes))
        return decoded
    }

    /// DeletionFile.decode with the row count the file claims (capped at 2^24 rows).
    @discardableResult
    public static func fuzzDeletionFile(_ bytes: [UInt8]) -> Bool {
        let decoded = readDeletions(bytes)
        readDeletions(FuzzChecksumRepair.trailingCRC(bytes))
        return decoded
    }

    /// IndexFile.decode, then the payload through both index decoders.
    @discardableResult
    public static func fuzzIndexFile(_ bytes: [UInt8]) -> Bool {
        let decoded = readIndexFile(bytes)
        readIndexFile(FuzzChecksumRepair.trailingCRC(bytes))
        return decoded
    }

    /// The JSON records the catalog stores and recovery decodes: a collection schema
    /// (CollectionSchema.decode, which also validates it) that then lays out a column store, and
    /// an index spec checked as createIndex would; true if either decoded.
    @discardableResult
    public static func fuzzCatalogRecords(_ bytes: [UInt8]) -> Bool {
        var decoded = false
        if let schema = try? CollectionSchema.decode(json: String(decoding: bytes, as: UTF8.self)) {
            decoded = true
            _ = ColumnStore(segmentID: segmentID, schema: schema, capacity: 2)
        }
        if let spec = try? JSONDecoder().decode(IndexSpec.self, from: Data(bytes)) {
            decoded = true
            try? spec.validate(dimension: 4)
        }
        return decoded
    }

    /// IndexFactory.decodeFloat and decodeBinary on a bare serialized index (it has no CRC of its
    /// own), then one search of a decoded index; true if either decoder accepted the bytes.
    @discardableResult
    public static func fuzzIndexDecoders(_ bytes: [UInt8]) -> Bool {
        var decoded = false
        if let index = try? IndexFactory.decodeFloat(bytes) {
            decoded = true
            if index.dimension <= 1 << 16 {
                let query = [Float](repeating: 0.5, count: index.dimension)
                _ = query.withUnsafeBufferPointer { index.search($0, k: 3, parameters: IndexSearchParameters(), allowed: nil) }
            }
        }
        if let index = try? IndexFactory.decodeBinary(bytes) {
            decoded = true
            if index.dimension <= 1 << 16 {
                let query = [UInt8](repeating: 0xA5, count: index.dimension / 8)
                _ = query.withUnsafeBufferPointer { index.search($0, k: 3, parameters: IndexSearchParameters(), allowed: nil) }
            }
        }
        return decoded
    }

    // MARK: One pass of each decoder

    @discardableResult
    private static func readWAL(_ bytes: [UInt8]) -> Bool {
        var decoded = true
        for isNewest in [true, false] {
            guard let contents = try? WALReader.read(bytes, fileName: "fuzz.qwal", collectionID: collectionID,
                                                     isNewest: isNewest) else {
                decoded = false
                continue
            }
            for frame in contents.frames {
                do {
                    _ = try WALRecord.decode(type: frame.type, sequence: frame.sequence, payload: frame.payload, schema: schema)
                } catch {
                    decoded = false
                }
            }
        }
        return decoded
    }

    @discardableResult
    private static func readSegment(_ bytes: [UInt8]) -> Bool {
        guard let store = try? SegmentCodec.decode(bytes, schema: schema, collectionID: collectionID, segmentID: segmentID) else {
            return false
        }
        for row in 0..<store.rowCount {
            _ = store.keys[row]
            _ = store.sequences[row]
            for field in schema.fields { _ = store.value(of: field.name, at: row) }
            _ = store.value(of: CollectionSchema.dynamicFieldName, at: row)
        }
        return true
    }

    @discardableResult
    private static func readDeletions(_ bytes: [UInt8]) -> Bool {
        let claimedRowCount = ByteReader(bytes).getUInt64LE(at: 16) ?? 0
        let rowCount = Int(min(claimedRowCount, 1 << 24))
        return (try? DeletionFile.decode(bytes, segmentID: segmentID, rowCount: rowCount)) != nil
    }

    @discardableResult
    private static func readIndexFile(_ bytes: [UInt8]) -> Bool {
        guard let payload = try? IndexFile.decode(bytes, collectionID: collectionID, segmentID: segmentID,
                                                  field: indexFieldName) else {
            return false
        }
        fuzzIndexDecoders(payload)
        return true
    }
}
