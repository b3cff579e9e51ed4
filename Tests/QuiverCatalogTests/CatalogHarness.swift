// CatalogHarness: opens catalogs in either persistence mode for tests, and builds domain fixtures.
// Invariants: each harness has its own directory (a fresh temporary directory for POSIX, a fresh
// ImageTestFileSystem for image mode) and removes the temporary directory when it goes away.
// Ownership: test target only; one harness per test.

import Foundation
import QuiverCatalog
import QuiverFileSystem
import QuiverKernels

enum PersistenceMode: String, CaseIterable, Sendable, CustomStringConvertible {
    case posixFile
    case memoryImage
    var description: String { rawValue }
}

final class CatalogHarness {
    let mode: PersistenceMode
    let fileSystem: any FileSystem
    let imageFileSystem: ImageTestFileSystem?
    let directory: String

    init(_ mode: PersistenceMode) {
        self.mode = mode
        switch mode {
        case .posixFile:
            fileSystem = POSIXFileSystem()
            imageFileSystem = nil
            directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("quiver-catalog-\(UUID().uuidString)").path
        case .memoryImage:
            let memory = ImageTestFileSystem()
            fileSystem = memory
            imageFileSystem = memory
            directory = "/db"
        }
    }

    deinit {
        if mode == .posixFile { try? FileManager.default.removeItem(atPath: directory) }
    }

    var catalogPath: String { directory + "/" + Catalog.fileName }

    func open() throws -> Catalog {
        try Catalog.open(directory: directory, fileSystem: fileSystem)
    }

    /// The bytes of the catalog file as the FileSystem holds them (after `close()` for POSIX, so the WAL is folded in).
    func catalogFileBytes() throws -> [UInt8] {
        try fileSystem.readFile(atPath: catalogPath)
    }

    func replaceCatalogFile(with bytes: [UInt8]) throws {
        if !fileSystem.fileExists(atPath: directory) { try fileSystem.createDirectory(atPath: directory) }
        for suffix in ["-wal", "-shm"] where fileSystem.fileExists(atPath: catalogPath + suffix) {
            try fileSystem.removeFile(atPath: catalogPath + suffix)
        }
        let file = try fileSystem.createFile(atPath: catalogPath)
        try file.append(bytes)
        try file.sync()
        try file.close()
    }
}

/// A segment as a flush would write it: file `<id>.qseg`, rows sequenced from `sequences` (at most 1000 rows).
func flushedSegment(_ segmentID: Int64, of collectionID: Int64, sequences: ClosedRange<UInt64>,
                    level: Int = 0) -> SegmentRecord {
    let rowCount = Int64(min(sequences.upperBound - sequences.lowerBound, 999)) + 1
    return SegmentRecord(collectionID: collectionID, segmentID: segmentID, fileName: "\(segmentID).qseg",
                         rowCount: rowCount, byteCount: 4096 * rowCount,
                         minSequence: sequences.lowerBound, maxSequence: sequences.upperBound, level: level,
                         createdAtMs: 1_700_000_000_000 + segmentID)
}

/// Deterministic bytes for damaging files (SplitMix64).
func pseudoRandomBytes(count: Int, seed: UInt64) -> [UInt8] {
    var random = SplitMix64(seed: seed)
    return (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
}

/// SQLite stores `PRAGMA user_version` big-endian at header offset 60.
let userVersionHeaderOffset = 60

func userVersion(inHeaderOf bytes: [UInt8]) -> Int {
    bytes[userVersionHeaderOffset..<userVersionHeaderOffset + 4].reduce(0) { $0 << 8 | Int($1) }
}
