// NPY: the subset of NumPy's .npy format (format versions 1.0, 2.0 and 3.0) that Quiver reads
// and writes: 2-D, C-order, little-endian arrays of '<f4', '<i4' or '<i8'.
//
//     file   := magic "\x93NUMPY" | major u8 | minor u8 | headerLength | header | data
//     headerLength := u16le (major 1) | u32le (major 2 and 3)
//     header := a Python dict literal, padded with spaces and ended by '\n', e.g.
//               {'descr': '<f4', 'fortran_order': False, 'shape': (1000, 128), }
//     data   := shape[0] * shape[1] items, row after row, no trailing bytes
//
// Writers pad so that magic + lengths + header is a multiple of 64 bytes (NumPy's alignment).
// Invariants: parsing never traps on any input; every failure is a QuiverError naming the file.
// Ownership: internal to VectorFile.

import Foundation

enum NPYFormat {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
    static let alignmentByteCount = 64

    struct Header: Equatable {
        var descr: String
        var fortranOrder: Bool
        var shape: [Int]
        /// Offset of the first data byte from the start of the file.
        var dataOffset: Int
    }

    static func hasMagic(_ bytes: Data) -> Bool {
        bytes.count >= magic.count && bytes.prefix(magic.count).elementsEqual(magic)
    }

    static func readHeader(_ bytes: Data, file: String) throws(QuiverError) -> Header {
        let all = [UInt8](bytes.prefix(min(bytes.count, 1 << 20)))
        guard hasMagic(bytes) else {
            throw VectorFile.error(file, "is not a .npy file (the magic string \\x93NUMPY is missing)")
        }
        guard all.count >= 10 else { throw VectorFile.error(file, "is truncated inside the .npy preamble") }
        let major = all[6], minor = all[7]
        let lengthFieldByteCount: Int
        switch major {
        case 1: lengthFieldByteCount = 2
        case 2, 3: lengthFieldByteCount = 4
        default: throw VectorFile.error(file, "has .npy format version \(major).\(minor); supported 1.0, 2.0 and 3.0")
        }
        let headerStart = 8 + lengthFieldByteCount
        guard all.count >= headerStart else { throw VectorFile.error(file, "is truncated inside the .npy preamble") }
        var headerByteCount = 0
        for index in 0 ..< lengthFieldByteCount { headerByteCount |= Int(all[8 + index]) << (8 * index) }
        guard bytes.count >= headerStart + headerByteCount, all.count >= headerStart + headerByteCount else {
            throw VectorFile.error(file, "is truncated: the .npy header says \(headerByteCount) bytes, the file has \(bytes.count - headerStart) after the preamble")
        }
        let text = all[headerStart ..< headerStart + headerByteCount]
        var parser = NPYHeaderParser(bytes: Array(text), file: file)
        var header = try parser.parse()
        header.dataOffset = headerStart + headerByteCount
        return header
    }

    /// The preamble and header for a C-order array of `descr` with `shape`, padded to 64 bytes.
    static func encodeHeader(descr: String, shape: [Int]) -> [UInt8] {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var dict = Array("{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }".utf8)
        var lengthFieldByteCount = 2
        var total = magic.count + 2 + lengthFieldByteCount + dict.count + 1
        if total + alignmentByteCount > Int(UInt16.max) {
            lengthFieldByteCount = 4
            total = magic.count + 2 + lengthFieldByteCount + dict.count + 1
        }
        let padding = (alignmentByteCount - total % alignmentByteCount) % alignmentByteCount
        dict += Array(repeating: UInt8(ascii: " "), count: padding)
        dict.append(UInt8(ascii: "\n"))
        var out = magic
        out += lengthFieldByteCount == 2 ? [1, 0] : [2, 0]
        for index in 0 ..< lengthFieldByteCount { out.append(UInt8(truncatingIfNeeded: dict.count >> (8 * index))) }
        out += dict
        return out
    }
}

/// Parses the header dict: keys 'descr', 'fortran_order' and 'shape', in any order.
struct NPYHeaderParser {
    let bytes: [UInt8]
    let file: String
    var position = 0

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    mutating func parse() throws(QuiverError) -> NPYFormat.Header {
        var descr: String?, fortranOrder: Bool?, shape: [Int]?
        skipSpaces()
        try expect("{")
        while true {
            skipSpaces()
            if peek() == UInt8(ascii: "}") { break }
            let key = try readQuoted()
            skipSpaces()
            try expect(":")
            skipSpaces()
            switch key {
            case "descr": descr = try readQuoted()
            case "fortran_order": fortranOrder = try readBool()
            case "shape": shape = try readTuple()
            default: throw failure("has an unknown key '\(key.prefix(32))' in its .npy header")
            }
            skipSpaces()
            if peek() == UInt8(ascii: ",") { position += 1; continue }
            try expect("}")
            break
        }
        guard let descr, let fortranOrder, let shape else {
            throw failure("has a .npy header without 'descr', 'fortran_order' and 'shape'")
        }
        return NPYFormat.Header(descr: descr, fortranOrder: fortranOrder, shape: shape, dataOffset: 0)
    }

    private func failure(_ what: String) -> QuiverError { VectorFile.error(file, what) }

    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipSpaces() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
    }

    private mutating func expect(_ character: Character) throws(QuiverError) {
        guard let byte = peek(), byte == character.asciiValue else {
            throw failure("has a malformed .npy header (expected '\(character)' at header byte \(position))")
        }
        position += 1
    }

    private mutating func readQuoted() throws(QuiverError) -> String {
        guard let quote = peek(), quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") else {
            throw failure("has a malformed .npy header (expected a quoted string at header byte \(position))")
        }
        position += 1
        let start = position
        while let byte = peek(), byte != quote { position += 1 }
        guard peek() == quote else { throw failure("has a malformed .npy header (unterminated string)") }
        let text = String(decoding: bytes[start ..< position], as: UTF8.self)
        position += 1
        return text
    }

    private mutating func readBool() throws(QuiverError) -> Bool {
        for (word, value) in [("True", true), ("False", false)] {
            let utf8 = Array(word.utf8)
            if position + utf8.count <= bytes.count, Array(bytes[position ..< position + utf8.count]) == utf8 {
                position += utf8.count
                return value
            }
        }
        throw failure("has a malformed .npy header ('fortran_order' is not True or False)")
    }

    private mutating func readTuple() throws(QuiverError) -> [Int] {
        try expect("(")
        var values: [Int] = []
        while true {
            skipSpaces()
            if peek() == UInt8(ascii: ")") { position += 1; return values }
            var value = 0
            var digitCount = 0
            while let byte = peek(), byte >= 0x30, byte <= 0x39 {
                let (scaled, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = scaled.addingReportingOverflow(Int(byte - 0x30))
                guard !overflow1, !overflow2 else { throw failure("has a .npy shape too large to address") }
                value = sum
                digitCount += 1
                position += 1
            }
            // Python 2 writers spell large dimensions with an 'L' suffix.
            if peek() == UInt8(ascii: "L") { position += 1 }
            guard digitCount > 0 else { throw failure("has a malformed .npy header (bad 'shape' at header byte \(position))") }
            values.append(value)
            skipSpaces()
            if peek() == UInt8(ascii: ",") { position += 1 }
        }
    }
}
