// VectorFile against hand-built files: NumPy's exact header bytes, format 2.0, '<i4' ground
// truth, .fvecs/.ivecs, and every kind of bad file, which must throw a message naming the file.

import Foundation
import Quiver
import Testing

@Suite struct VectorFileTests {
    @Test func writtenNPYMatchesNumPyByteForByteAndReadsBack() throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let values = (0 ..< 12).map(Float.init)
        try VectorFile.writeNPY(floats: values, rowCount: 3, dimension: 4, toPath: sandbox.path("m.npy"))
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: sandbox.path("m.npy"))))
        // np.save("m.npy", np.arange(12, dtype="<f4").reshape(3, 4)) writes this 128-byte header.
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }" + String(repeating: " ", count: 58) + "\n"
        #expect(Array(bytes.prefix(10)) == [0x93] + Array("NUMPY".utf8) + [1, 0, 0x76, 0])
        #expect(String(decoding: bytes[10 ..< 128], as: UTF8.self) == header)
        #expect(bytes.count == 128 + 48)

        let matrix = try VectorFile.readFloatMatrix(atPath: sandbox.path("m.npy"))
        #expect(matrix.rowCount == 3 && matrix.dimension == 4 && matrix.values == values)
        #expect(Array(matrix.row(2)) == [8, 9, 10, 11])

        try VectorFile.writeNPY(int64s: [1, -2, 3, Int64.max, 5, 6], rowCount: 2, columnCount: 3, toPath: sandbox.path("gt.npy"))
        let truth = try VectorFile.readInt64Matrix(atPath: sandbox.path("gt.npy"))
        #expect(truth.rowCount == 2 && truth.columnCount == 3 && truth.values == [1, -2, 3, Int64.max, 5, 6])
    }

    @Test func readsFormat2Int32GroundTruthAndVecsFiles() throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        // np.lib.format.write_array(f, np.arange(6, dtype="<i4").reshape(3, 2), version=(2, 0))
        let header = Array("{'descr': '<i4', 'fortran_order': False, 'shape': (3, 2), }".utf8)
            + Array(repeating: UInt8(ascii: " "), count: 54) + [UInt8(ascii: "\n")]
        var file: [UInt8] = [0x93] + Array("NUMPY".utf8) + [2, 0] + littleEndian(UInt32(header.count)) + header
        for value in Int32(0) ..< 6 { file += littleEndian(UInt32(bitPattern: value)) }
        try Data(file).write(to: URL(fileURLWithPath: sandbox.path("v2.npy")))
        let truth = try VectorFile.readInt64Matrix(atPath: sandbox.path("v2.npy"))
        #expect(truth.rowCount == 3 && truth.columnCount == 2 && truth.values == [0, 1, 2, 3, 4, 5])

        let rows: [[Float]] = [[1.5, -2], [0.25, 1e-7]]
        try Data(vecs(rows.map { $0.map(\.bitPattern) })).write(to: URL(fileURLWithPath: sandbox.path("a.fvecs")))
        let matrix = try VectorFile.readFloatMatrix(atPath: sandbox.path("a.fvecs"))
        #expect(matrix.rowCount == 2 && matrix.dimension == 2 && matrix.values == rows.flatMap { $0 })

        try Data(vecs([[7, 8, 9], [UInt32(bitPattern: -1), 0, 1]])).write(to: URL(fileURLWithPath: sandbox.path("a.ivecs")))
        let ids = try VectorFile.readInt64Matrix(atPath: sandbox.path("a.ivecs"))
        #expect(ids.rowCount == 2 && ids.columnCount == 3 && ids.values == [7, 8, 9, -1, 0, 1])
    }

    @Test(arguments: [
        ("wrong magic", Array("XNUMPY".utf8) + Array(repeating: 0, count: 100), "npy", "magic"),
        ("big-endian", npy(descr: ">f4", shape: "(1, 2)", payloadByteCount: 8), "npy", "'>f4'"),
        ("float64", npy(descr: "<f8", shape: "(1, 2)", payloadByteCount: 16), "npy", "'<f8'"),
        ("fortran order", npy(descr: "<f4", shape: "(2, 2)", fortran: true, payloadByteCount: 16), "npy", "Fortran"),
        ("1-D", npy(descr: "<f4", shape: "(4,)", payloadByteCount: 16), "npy", "2-D"),
        ("truncated data", npy(descr: "<f4", shape: "(3, 4)", payloadByteCount: 40), "npy", "truncated"),
        ("trailing data", npy(descr: "<f4", shape: "(1, 2)", payloadByteCount: 12), "npy", "after"),
        ("truncated header", Array(npy(descr: "<f4", shape: "(1, 2)", payloadByteCount: 8).prefix(40)), "npy", "truncated"),
        ("huge shape", npy(descr: "<f4", shape: "(99999999999999999999, 2)", payloadByteCount: 8), "npy", "too large"),
        ("ragged fvecs", vecs([[1, 2], [3]]), "fvecs", "ragged"),
        ("truncated fvecs", Array(vecs([[1, 2], [3, 4]]).dropLast(2)), "fvecs", "truncated"),
        ("negative dimension", littleEndian(UInt32(bitPattern: -3)) + [0, 0, 0, 0], "fvecs", "dimension -3"),
        ("empty fvecs", [], "fvecs", "empty"),
        ("unknown extension", [1, 2, 3, 4], "bin", "neither"),
    ] as [(String, [UInt8], String, String)])
    func badFilesThrowNamingTheFileAndTheProblem(name: String, bytes: [UInt8], fileExtension: String, problem: String) throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let path = sandbox.path("bad.\(fileExtension)")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: QuiverError.self, "\(name)") { try VectorFile.readFloatMatrix(atPath: path) }
        #expect(error.code == .invalidArgument)
        #expect(error.message.contains(path), "\(name): \(error.message)")
        #expect(error.message.contains(problem), "\(name): \(error.message)")
    }

    @Test func aMissingFileAndAMismatchedWriteThrow() throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        #expect(throws: QuiverError.self) { try VectorFile.readFloatMatrix(atPath: sandbox.path("missing.npy")) }
        #expect(throws: QuiverError.self) { try VectorFile.writeNPY(floats: [1, 2, 3], rowCount: 2, dimension: 2, toPath: sandbox.path("x.npy")) }
        let gt = sandbox.path("gt.npy")
        try VectorFile.writeNPY(floats: [1, 2], rowCount: 1, dimension: 2, toPath: gt)
        let error = try #require(throws: QuiverError.self) { try VectorFile.readInt64Matrix(atPath: gt) }
        #expect(error.message.contains("'<f4'"))
    }
}

private func littleEndian(_ value: UInt32) -> [UInt8] { (0 ..< 4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }

/// An .fvecs/.ivecs file of the given rows (raw 32-bit items).
private func vecs(_ rows: [[UInt32]]) -> [UInt8] {
    rows.flatMap { row in littleEndian(UInt32(row.count)) + row.flatMap(littleEndian) }
}

/// A version 1.0 .npy file with the given header fields and `payloadByteCount` zero bytes.
private func npy(descr: String, shape: String, fortran: Bool = false, payloadByteCount: Int) -> [UInt8] {
    var header = Array("{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shape), }".utf8)
    header += Array(repeating: UInt8(ascii: " "), count: (64 - (10 + header.count + 1) % 64) % 64) + [UInt8(ascii: "\n")]
    return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.count & 0xFF), UInt8(header.count >> 8)] + header
        + Array(repeating: 0, count: payloadByteCount)
}
