// VectorFile: reads and writes the vector files that benchmarks and tools exchange:
// NumPy .npy (2-D, C order, '<f4' vectors, '<i8'/'<i4' ground truth) and the TEXMEX
// .fvecs/.ivecs files (each row: dimension i32le, then that many f32le/i32le values).
// Invariants: no input file makes this trap; every bad file throws QuiverError(.invalidArgument)
// naming the file and what is wrong. These are caller files, not database storage, so plain
// Foundation I/O is used rather than the FileSystem abstraction.
// Ownership: stateless; safe from any task.

import Foundation

/// Reading and writing `.npy`, `.fvecs` and `.ivecs` vector files.
public enum VectorFile {
    /// Reads float vectors from `.npy` ('<f4', 2-D) or `.fvecs`.
    public static func readFloatMatrix(atPath path: String) throws -> FloatMatrix {
        let bytes = try readBytes(atPath: path)
        if NPYFormat.hasMagic(bytes) {
            let header = try NPYFormat.readHeader(bytes, file: path)
            guard header.descr == "<f4" || (header.descr == "=f4" && isLittleEndianHost) else {
                throw error(path, "has dtype '\(header.descr.prefix(16))'; vectors must be little-endian float32 ('<f4')")
            }
            let (rowCount, columnCount) = try matrixShape(header, file: path)
            guard columnCount >= 1 else { throw error(path, "has 0 columns; vectors need a dimension of at least 1") }
            let values: [Float] = try payload(bytes, header: header, count: rowCount * columnCount, file: path)
            return FloatMatrix(rowCount: rowCount, dimension: columnCount, values: values)
        }
        switch fileExtension(path) {
        case "fvecs":
            let (rowCount, dimension, bits) = try VecsFormat.read(bytes, file: path)
            return FloatMatrix(rowCount: rowCount, dimension: dimension, values: floats(fromBitPatterns: bits))
        case "npy":
            throw error(path, "is not a .npy file (the magic string \\x93NUMPY is missing)")
        default:
            throw error(path, "is neither a .npy nor an .fvecs file")
        }
    }

    /// Reads integers (ground-truth neighbour ids) from `.npy` ('<i8' or '<i4', 2-D) or `.ivecs`.
    public static func readInt64Matrix(atPath path: String) throws -> Int64Matrix {
        let bytes = try readBytes(atPath: path)
        if NPYFormat.hasMagic(bytes) {
            let header = try NPYFormat.readHeader(bytes, file: path)
            let (rowCount, columnCount) = try matrixShape(header, file: path)
            let count = rowCount * columnCount
            switch header.descr {
            case "<i8":
                let values: [Int64] = try payload(bytes, header: header, count: count, file: path)
                return (rowCount, columnCount, values)
            case "<i4":
                let values: [Int32] = try payload(bytes, header: header, count: count, file: path)
                return (rowCount, columnCount, values.map(Int64.init))
            default:
                throw error(path, "has dtype '\(header.descr.prefix(16))'; integer matrices must be '<i8' or '<i4'")
            }
        }
        switch fileExtension(path) {
        case "ivecs":
            let (rowCount, dimension, bits) = try VecsFormat.read(bytes, file: path)
            return (rowCount, dimension, bits.map { Int64(Int32(bitPattern: $0)) })
        case "npy":
            throw error(path, "is not a .npy file (the magic string \\x93NUMPY is missing)")
        default:
            throw error(path, "is neither a .npy nor an .ivecs file")
        }
    }

    /// Writes `rowCount * dimension` floats, row-major, as a '<f4' .npy file (replacing any file).
    public static func writeNPY(floats: [Float], rowCount: Int, dimension: Int, toPath path: String) throws {
        guard rowCount >= 0, dimension >= 1, floats.count == rowCount * dimension else {
            throw QuiverError(.invalidArgument, "writeNPY: \(floats.count) floats do not form \(rowCount) rows of dimension \(dimension)")
        }
        try write(header: NPYFormat.encodeHeader(descr: "<f4", shape: [rowCount, dimension]),
                  values: floats, toPath: path)
    }

    /// Writes `rowCount * columnCount` integers, row-major, as an '<i8' .npy file (replacing any file).
    public static func writeNPY(int64s: [Int64], rowCount: Int, columnCount: Int, toPath path: String) throws {
        guard rowCount >= 0, columnCount >= 0, int64s.count == rowCount * columnCount else {
            throw QuiverError(.invalidArgument, "writeNPY: \(int64s.count) integers do not form \(rowCount) rows of \(columnCount) columns")
        }
        try write(header: NPYFormat.encodeHeader(descr: "<i8", shape: [rowCount, columnCount]),
                  values: int64s, toPath: path)
    }

    // MARK: Internals

    static func error(_ file: String, _ what: String) -> QuiverError {
        QuiverError(.invalidArgument, "vector file '\(file)' \(what)")
    }

    private static var isLittleEndianHost: Bool { 1.littleEndian == 1 }

    private static func fileExtension(_ path: String) -> String {
        URL(fileURLWithPath: path).pathExtension.lowercased()
    }

    private static func readBytes(atPath path: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw error(path, "does not exist")
        }
        guard !isDirectory.boolValue else { throw error(path, "is a directory") }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw Self.error(path, "cannot be read: \(error.localizedDescription)")
        }
    }

    /// Rows and columns of a 2-D C-order array whose byte count fits in memory.
    private static func matrixShape(_ header: NPYFormat.Header, file: String) throws(QuiverError) -> (Int, Int) {
        guard !header.fortranOrder else {
            throw error(file, "is in Fortran (column-major) order; only C order is supported")
        }
        guard header.shape.count == 2 else {
            throw error(file, "has shape \(header.shape) (\(header.shape.count)-D); a 2-D array (rows, columns) is required")
        }
        let (count, overflow) = header.shape[0].multipliedReportingOverflow(by: header.shape[1])
        guard !overflow, count <= Int.max / 8 else { throw error(file, "has shape \(header.shape), too large to address") }
        return (header.shape[0], header.shape[1])
    }

    /// The data section as `count` little-endian items of T; exactly `count` items must be present.
    private static func payload<T: BitwiseCopyable>(_ bytes: Data, header: NPYFormat.Header, count: Int,
                                                    file: String) throws(QuiverError) -> [T] {
        let expected = count * MemoryLayout<T>.size
        let available = bytes.count - header.dataOffset
        guard available >= expected else {
            throw error(file, "is truncated: shape \(header.shape) needs \(expected) data bytes, the file has \(available)")
        }
        guard available == expected else {
            throw error(file, "has \(available - expected) bytes after the \(expected) data bytes that shape \(header.shape) needs")
        }
        return copyLittleEndian(bytes, from: header.dataOffset, count: count)
    }

    /// Copies `count` little-endian items of T starting at byte `offset` (bounds checked by the
    /// caller). T is a 4- or 8-byte integer or Float.
    static func copyLittleEndian<T: BitwiseCopyable>(_ bytes: Data, from offset: Int, count: Int) -> [T] {
        let byteCount = count * MemoryLayout<T>.size
        precondition(offset >= 0 && offset + byteCount <= bytes.count)
        var values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { raw in
                let source = UnsafeRawBufferPointer(rebasing: raw[(raw.startIndex + offset) ..< (raw.startIndex + offset + byteCount)])
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
            }
            initialized = count
        }
        if !isLittleEndianHost {
            values.withUnsafeMutableBytes { raw in
                let size = MemoryLayout<T>.size
                for start in stride(from: 0, to: raw.count, by: size) {
                    raw[start ..< start + size].reverse()
                }
            }
        }
        return values
    }

    /// Reinterprets IEEE 754 bit patterns as floats (a bulk `Float(bitPattern:)`).
    private static func floats(fromBitPatterns bits: [UInt32]) -> [Float] {
        [Float](unsafeUninitializedCapacity: bits.count) { buffer, initialized in
            bits.withUnsafeBytes { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: $0) }
            initialized = bits.count
        }
    }

    /// Writes the header and then `values` little-endian, atomically (write to a temporary, rename).
    private static func write<T: BitwiseCopyable>(header: [UInt8], values: [T], toPath path: String) throws {
        var data = Data(header)
        let dataOffset = data.count
        values.withUnsafeBytes { data.append(contentsOf: $0) }
        if !isLittleEndianHost {
            data.withUnsafeMutableBytes { raw in
                let size = MemoryLayout<T>.size
                for start in stride(from: dataOffset, to: raw.count, by: size) { raw[start ..< start + size].reverse() }
            }
        }
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw QuiverError(.io, "cannot write vector file '\(path)': \(error.localizedDescription)")
        }
    }
}
