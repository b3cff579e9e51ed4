// CLISandbox: a fresh temporary directory per test holding a data directory and vector files,
// plus the seeded vectors the tests insert and check bit for bit.

import Foundation
import Quiver

struct CLISandbox {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("quiver-cli-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    /// The database's data directory (created by the first command that opens it).
    var data: String { root.appendingPathComponent("data").path }

    func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: root) }

    /// Writes `rowCount` seeded vectors to `name` (.npy) and returns them, row-major.
    @discardableResult
    func writeVectors(_ name: String, rowCount: Int, dimension: Int, seed: UInt64) throws -> [Float] {
        let values = SeededVectors.make(rowCount: rowCount, dimension: dimension, seed: seed)
        try VectorFile.writeNPY(floats: values, rowCount: rowCount, dimension: dimension, toPath: path(name))
        return values
    }
}

enum SeededVectors {
    /// Uniform floats in [-1, 1), the same for the same seed on every run.
    static func make(rowCount: Int, dimension: Int, seed: UInt64) -> [Float] {
        var state = seed
        return (0 ..< rowCount * dimension).map { _ in
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Float(z >> 40) / Float(1 << 23) - 1
        }
    }
}

/// Reads a float array out of a JSON line as text, so each value parses straight to Float
/// (exactly the stored bits; a detour through Double could round twice).
func floatArray(named key: String, in line: String) -> [Float]? {
    guard let keyRange = line.range(of: "\"\(key)\":[") else { return nil }
    guard let end = line[keyRange.upperBound...].firstIndex(of: "]") else { return nil }
    let body = line[keyRange.upperBound ..< end]
    if body.isEmpty { return [] }
    let values = body.split(separator: ",").map { Float(String($0)) }
    return values.contains(nil) ? nil : values.map { $0! }
}
