// Test fixtures: a fresh, empty directory on either file system, and error matching.
// Invariants: each Sandbox owns its root (a new temp directory for POSIX, "/sandbox" on a new
// MemoryFileSystem); remove() deletes it. Helpers never hide which kind of error was thrown.
// Ownership: one Sandbox per test.

import Foundation
import QuiverFileSystem
import Testing

enum FileSystemUnderTest: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case posix, memory
    var testDescription: String { rawValue }
}

struct Sandbox {
    let fileSystem: any FileSystem
    let root: String

    init(_ kind: FileSystemUnderTest) throws {
        switch kind {
        case .posix:
            fileSystem = POSIXFileSystem()
            root = FileManager.default.temporaryDirectory.path + "/quiver-fs-test-" + UUID().uuidString
        case .memory:
            fileSystem = MemoryFileSystem()
            root = "/sandbox"
        }
        try fileSystem.createDirectory(atPath: root)
    }

    /// `relative` below the sandbox root.
    func path(_ relative: String) -> String { root + "/" + relative }

    func remove() { try? fileSystem.removeDirectory(atPath: root) }

    /// Creates (or truncates) `relative`, appends `bytes`, syncs and closes.
    func write(_ relative: String, _ bytes: [UInt8]) throws {
        let file = try fileSystem.createFile(atPath: path(relative))
        try file.append(bytes)
        try file.sync()
        try file.close()
    }

    func read(_ relative: String) throws -> [UInt8] { try fileSystem.readFile(atPath: path(relative)) }
}

/// Expects `body` to throw a FileSystemError of `kind`; returns the error for further checks.
@discardableResult
func expectFailure(_ kind: FileSystemError.Kind, sourceLocation: SourceLocation = #_sourceLocation,
                   _ body: () throws -> Void) -> FileSystemError? {
    let error = #expect(throws: FileSystemError.self, sourceLocation: sourceLocation) { try body() }
    #expect(error?.kind == kind, "got \(String(describing: error))", sourceLocation: sourceLocation)
    return error
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
