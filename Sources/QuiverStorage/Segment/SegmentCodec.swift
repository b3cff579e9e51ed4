// SegmentCodec: encodes the first `rowCount` rows of a ColumnStore as segment bytes and decodes
// segment bytes back into a ColumnStore, checking every stamp (SegmentFormat.md).
// Pure: bytes in, bytes out; SegmentFiles does the I/O.

import QuiverKernels

enum SegmentColumnKind: UInt8 {
    case keys = 0, sequences = 1, floatVectors = 2, binaryVectors = 3, scalars = 4
    /// Optional: present only when some row is outside `_default` (absent means all are in it).
    case partitions = 5
}

enum SegmentCodec {
    static let magic: [UInt8] = Array("QSEG".utf8)
    static let trailerMagic: [UInt8] = Array("QSGE".utf8)
    static let formatVersion: UInt16 = 1
    static let headerByteCount = 36
    static let trailerByteCount = 16

    static func encode(_ store: ColumnStore, rowCount: Int, collectionID: Int64) -> [UInt8] {
        var writer = ByteWriter(capacity: 4096)
        writer.writeBytes(magic)
        writer.writeUInt16LE(formatVersion)
        writer.writeUInt16LE(0)
        writer.writeInt64LE(collectionID)
        writer.writeInt64LE(store.segmentID)
        writer.writeUInt64LE(UInt64(rowCount))
        writer.writeUInt32LE(CRC32C.masked(CRC32C.checksum(writer.bytes)))

        var columns: [(kind: SegmentColumnKind, name: String, width: Int, offset: Int)] = []
        var keyBytes = ByteWriter(capacity: rowCount * 9)
        for row in 0..<rowCount { keyBytes.writeKey(store.keys[row]) }
        columns.append((.keys, "", 0, BlockCodec.appendBlock(keyBytes.bytes, to: &writer)))

        var sequenceBytes = ByteWriter(capacity: rowCount * 8)
        for row in 0..<rowCount { sequenceBytes.writeUInt64LE(store.sequences[row]) }
        columns.append((.sequences, "", 0, BlockCodec.appendBlock(sequenceBytes.bytes, to: &writer)))

        let inDefaultOnly = store.partitionIDs.withPrefix(rowCount) { $0.allSatisfy { $0 == 0 } }
        if !inDefaultOnly {
            var partitionBytes = ByteWriter(capacity: rowCount * 8)
            for row in 0..<rowCount { partitionBytes.writeInt64LE(store.partitionIDs[row]) }
            columns.append((.partitions, "", 0, BlockCodec.appendBlock(partitionBytes.bytes, to: &writer)))
        }

        for field in store.schema.fields {
            if let column = store.floatVectors[field.name] {
                let raw = column.values.withPrefix(rowCount * column.dimension) { Array(UnsafeRawBufferPointer($0)) }
                columns.append((.floatVectors, field.name, column.dimension, BlockCodec.appendBlock(raw, to: &writer)))
            } else if let column = store.binaryVectors[field.name] {
                let raw = column.values.withPrefix(rowCount * column.bytesPerRow) { Array($0) }
                columns.append((.binaryVectors, field.name, column.bytesPerRow, BlockCodec.appendBlock(raw, to: &writer)))
            }
        }
        for name in store.scalars.keys.sorted() {
            let column = store.scalars[name]!
            var bytes = ByteWriter(capacity: rowCount * 4)
            for row in 0..<rowCount { bytes.writeValue(column[row]) }
            columns.append((.scalars, name, 0, BlockCodec.appendBlock(bytes.bytes, to: &writer)))
        }

        let footerOffset = writer.count
        writer.writeUInt32LE(UInt32(columns.count))
        for column in columns {
            writer.writeUInt8(column.kind.rawValue)
            writer.writeString(column.name)
            writer.writeUInt32LE(UInt32(column.width))
            writer.writeUInt64LE(UInt64(column.offset))
        }
        let footerCRC = writer.bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[footerOffset...])) }
        writer.writeUInt64LE(UInt64(footerOffset))
        writer.writeUInt32LE(CRC32C.masked(footerCRC))
        writer.writeBytes(trailerMagic)
        return writer.bytes
    }

    /// Decodes and checks a whole segment file.
    static func decode(_ bytes: [UInt8], schema: CollectionSchema, collectionID: Int64,
                       segmentID: Int64) throws(CodecError) -> ColumnStore {
        guard bytes.count >= headerByteCount + trailerByteCount else {
            throw CodecError("file of \(bytes.count) bytes is too short for a segment", offset: 0)
        }
        var header = ByteReader(bytes, range: 0..<headerByteCount)
        var trailer = ByteReader(bytes, range: (bytes.count - trailerByteCount)..<bytes.count)
        do {
            let footerOffset = Int(clamping: try trailer.readUInt64LE())
            let storedFooterCRC = try trailer.readUInt32LE()
            guard try trailer.readBytes(count: 4) == trailerMagic else {
                throw CodecError("bad trailer magic (file truncated or not a segment)", offset: bytes.count - 4)
            }
            guard footerOffset >= headerByteCount, footerOffset <= bytes.count - trailerByteCount else {
                throw CodecError("footer offset \(footerOffset) out of range", offset: bytes.count - trailerByteCount)
            }
            let footerRange = footerOffset..<(bytes.count - trailerByteCount)
            let footerCRC = bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[footerRange])) }
            guard CRC32C.masked(footerCRC) == storedFooterCRC else { throw CodecError("footer checksum mismatch", offset: footerOffset) }

            guard try header.readBytes(count: 4) == magic else { throw CodecError("bad magic", offset: 0) }
            let version = try header.readUInt16LE()
            guard version == formatVersion else { throw CodecError("unsupported format version \(version)", offset: 4) }
            _ = try header.readUInt16LE()
            let fileCollection = try header.readInt64LE()
            let fileSegment = try header.readInt64LE()
            let rowCount64 = try header.readUInt64LE()
            let storedHeaderCRC = try header.readUInt32LE()
            let headerCRC = bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<32])) }
            guard CRC32C.masked(headerCRC) == storedHeaderCRC else { throw CodecError("header checksum mismatch", offset: 32) }
            guard fileCollection == collectionID, fileSegment == segmentID else {
                throw CodecError("file holds segment \(fileSegment) of collection \(fileCollection), expected segment \(segmentID) of collection \(collectionID)", offset: 8)
            }
            guard rowCount64 <= UInt64(bytes.count) else { throw CodecError("row count \(rowCount64) is impossible", offset: 24) }
            let rowCount = Int(rowCount64)

            var footer = ByteReader(bytes, range: footerRange)
            let columnCount = Int(try footer.readUInt32LE())
            guard columnCount <= 4096 else { throw CodecError("\(columnCount) columns is impossible", offset: footerOffset) }
            let store = ColumnStore(segmentID: segmentID, schema: schema, capacity: rowCount)
            var filled = Set<String>()
            for _ in 0..<columnCount {
                let entryOffset = footer.offset
                let kindByte = try footer.readUInt8()
                let name = try footer.readString()
                let width = Int(try footer.readUInt32LE())
                let blockOffset = Int(clamping: try footer.readUInt64LE())
                guard let kind = SegmentColumnKind(rawValue: kindByte) else {
                    throw CodecError("unknown column kind \(kindByte)", offset: entryOffset)
                }
                let raw = try BlockCodec.readBlock(in: bytes, at: blockOffset)
                try fill(store, kind: kind, name: name, width: width, raw: raw, rowCount: rowCount, blockOffset: blockOffset)
                filled.insert("\(kind.rawValue)/\(name)")
            }
            var required = ["0/", "1/"]
            for field in schema.fields where !field.isPrimaryKey {
                let kind: SegmentColumnKind = field.dataType == .floatVector ? .floatVectors
                    : field.dataType == .binaryVector ? .binaryVectors : .scalars
                required.append("\(kind.rawValue)/\(field.name)")
            }
            if schema.enableDynamicField { required.append("4/\(CollectionSchema.dynamicFieldName)") }
            for column in required where !filled.contains(column) {
                throw CodecError("column \(column) required by the schema is missing", offset: footerOffset)
            }
            if !filled.contains("5/") {
                for _ in 0..<rowCount { store.partitionIDs.append(0) }
            }
            return store
        } catch let error as CodecError {
            throw error
        } catch {
            throw CodecError("\(error)", offset: 0)
        }
    }

    private static func fill(_ store: ColumnStore, kind: SegmentColumnKind, name: String, width: Int,
                             raw: [UInt8], rowCount: Int, blockOffset: Int) throws(CodecError) {
        func mismatch(_ what: String) -> CodecError { CodecError("column '\(name)': \(what)", offset: blockOffset) }
        var reader = ByteReader(raw)
        do {
            switch kind {
            case .keys:
                guard store.keys.count == 0 else { throw mismatch("appears twice") }
                for _ in 0..<rowCount { store.keys.append(try reader.readKey()) }
            case .sequences:
                guard store.sequences.count == 0 else { throw mismatch("appears twice") }
                for _ in 0..<rowCount { store.sequences.append(try reader.readUInt64LE()) }
            case .partitions:
                guard store.partitionIDs.count == 0 else { throw mismatch("appears twice") }
                for _ in 0..<rowCount {
                    let id = try reader.readInt64LE()
                    guard id >= 0 else { throw mismatch("negative partition id \(id)") }
                    store.partitionIDs.append(id)
                }
            case .floatVectors:
                guard let column = store.floatVectors[name], column.dimension == width, column.norms.count == 0 else {
                    throw mismatch("float vectors of width \(width) do not match the schema")
                }
                guard raw.count == rowCount * width * 4 else { throw mismatch("\(raw.count) bytes for \(rowCount) rows") }
                column.append(try reader.readFloats(count: rowCount * width))
            case .binaryVectors:
                guard let column = store.binaryVectors[name], column.bytesPerRow == width, column.values.count == 0 else {
                    throw mismatch("binary vectors of width \(width) do not match the schema")
                }
                guard raw.count == rowCount * width else { throw mismatch("\(raw.count) bytes for \(rowCount) rows") }
                column.append(try reader.readBytes(count: rowCount * width))
            case .scalars:
                guard let column = store.scalars[name], column.count == 0 else { throw mismatch("not a scalar column of the schema") }
                for _ in 0..<rowCount { column.append(try reader.readValue()) }
            }
            guard reader.isAtEnd else { throw mismatch("\(reader.remaining) bytes left over") }
        } catch let error as CodecError {
            throw error
        } catch {
            throw mismatch("\(error)")
        }
    }
}
