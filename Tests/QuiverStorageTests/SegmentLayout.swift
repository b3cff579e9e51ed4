// SegmentLayout: an independent reading of a segment file's footer and block headers, written
// from SegmentFormat.md rather than from SegmentCodec, so tests can find a column's block, read its
// compression byte, and list the bytes no checksum covers (padding, reserved header bytes).
// Ownership: test target only; parsing traps on malformed input (it only reads files we wrote).

import QuiverKernels
@testable import QuiverStorage

struct SegmentLayout {
    struct Block {
        let kind: UInt8
        let name: String
        let width: Int
        /// Offset of the 24-byte block header.
        let headerOffset: Int
        let compression: UInt8
        let rawByteCount: Int
        let storedByteCount: Int
        var dataOffset: Int { headerOffset + BlockCodec.headerByteCount }
        var dataEnd: Int { dataOffset + storedByteCount }
    }

    static let headerByteCount = 36
    static let trailerByteCount = 16

    let fileByteCount: Int
    let footerOffset: Int
    let blocks: [Block]

    init(_ bytes: [UInt8]) throws {
        fileByteCount = bytes.count
        let reader = ByteReader(bytes)
        footerOffset = Int(reader.getUInt64LE(at: bytes.count - Self.trailerByteCount)!)
        var footer = ByteReader(bytes, range: footerOffset..<(bytes.count - Self.trailerByteCount))
        var blocks: [Block] = []
        for _ in 0..<Int(try footer.readUInt32LE()) {
            let kind = try footer.readUInt8()
            let name = try footer.readString()
            let width = Int(try footer.readUInt32LE())
            let offset = Int(try footer.readUInt64LE())
            blocks.append(Block(kind: kind, name: name, width: width, headerOffset: offset, compression: bytes[offset],
                                rawByteCount: Int(reader.getUInt64LE(at: offset + 4)!),
                                storedByteCount: Int(reader.getUInt64LE(at: offset + 12)!)))
        }
        self.blocks = blocks
    }

    func block(kind: SegmentColumnKind, name: String = "") -> Block? {
        blocks.first { $0.kind == kind.rawValue && $0.name == name }
    }

    /// Bytes that no check reads: the zero padding before each block header and the three
    /// reserved bytes of each block header.
    var uncheckedOffsets: Set<Int> {
        var offsets = Set<Int>()
        var end = Self.headerByteCount
        for block in blocks.sorted(by: { $0.headerOffset < $1.headerOffset }) {
            offsets.formUnion(end..<block.headerOffset)
            offsets.formUnion((block.headerOffset + 1)..<(block.headerOffset + 4))
            end = block.dataEnd
        }
        return offsets
    }
}

extension ColumnStore {
    /// True when rows 0..<rowCount of both stores hold the same keys, sequences and values,
    /// vectors and norms compared by bit pattern (either store may hold more rows).
    func holdsSameRows(as other: ColumnStore, rowCount: Int) -> Bool {
        guard keys.count >= rowCount, other.keys.count >= rowCount,
              (0..<rowCount).allSatisfy({ keys[$0] == other.keys[$0] && sequences[$0] == other.sequences[$0] }),
              Set(floatVectors.keys) == Set(other.floatVectors.keys),
              Set(binaryVectors.keys) == Set(other.binaryVectors.keys),
              Set(scalars.keys) == Set(other.scalars.keys) else { return false }
        for (name, column) in floatVectors {
            let theirs = other.floatVectors[name]!
            let count = rowCount * column.dimension
            guard column.dimension == theirs.dimension, column.values.count >= count, theirs.values.count >= count,
                  (0..<count).allSatisfy({ column.values[$0].bitPattern == theirs.values[$0].bitPattern }),
                  (0..<rowCount).allSatisfy({ column.norms[$0].bitPattern == theirs.norms[$0].bitPattern }) else { return false }
        }
        for (name, column) in binaryVectors {
            let theirs = other.binaryVectors[name]!
            let count = rowCount * column.bytesPerRow
            guard column.bytesPerRow == theirs.bytesPerRow, column.values.count >= count, theirs.values.count >= count,
                  (0..<count).allSatisfy({ column.values[$0] == theirs.values[$0] }) else { return false }
        }
        for (name, column) in scalars {
            let theirs = other.scalars[name]!
            guard column.count >= rowCount, theirs.count >= rowCount,
                  (0..<rowCount).allSatisfy({ column[$0].isBitwiseEqual(to: theirs[$0]) }) else { return false }
        }
        return true
    }
}
