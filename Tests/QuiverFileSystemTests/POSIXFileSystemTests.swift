// POSIXFileSystem specifics: errors carry errno and read well; relative paths work as given.

import Foundation
import QuiverFileSystem
import Testing

@Suite struct POSIXFileSystemTests {
    @Test func errorsCarryTheErrno() throws {
        let sandbox = try Sandbox(.posix); defer { sandbox.remove() }
        let error = expectFailure(.notFound) { _ = try sandbox.fileSystem.readFile(atPath: sandbox.path("missing")) }
        #expect(error?.errno == ENOENT)
        #expect(error?.operation == "read")
        #expect(error?.path == sandbox.path("missing"))
        #expect(error?.description.hasSuffix("No such file or directory (errno 2)") == true)
    }

    @Test func descriptionNamesOperationPathAndErrno() {
        let error = FileSystemError(.noSpace, path: "collections/1/wal/000001.qwal", operation: "sync", errno: 28)
        #expect(error.description == "sync of 'collections/1/wal/000001.qwal' failed: No space left on device (errno 28)")
        let injected = FileSystemError(.io, path: "a", operation: "append", detail: "injected fault")
        #expect(injected.description == "append of 'a' failed: I/O error (injected fault)")
    }

    @Test func removeDirectoryOfAFileIsNotADirectory() throws {
        let sandbox = try Sandbox(.posix); defer { sandbox.remove() }
        try sandbox.write("f", [1])
        expectFailure(.notADirectory) { try sandbox.fileSystem.removeDirectory(atPath: sandbox.path("f")) }
        expectFailure(.notFound) { try sandbox.fileSystem.removeDirectory(atPath: sandbox.path("none")) }
    }

    @Test func relativePathsResolveAgainstTheCurrentDirectory() throws {
        let sandbox = try Sandbox(.posix); defer { sandbox.remove() }
        // The sandbox's absolute path, spelled relative to the current directory (which tests must
        // not change: other suites run in the same process).
        let depth = FileManager.default.currentDirectoryPath.split(separator: "/").count
        let relativeRoot = String(repeating: "../", count: depth) + sandbox.root.drop { $0 == "/" }
        #expect(!relativeRoot.hasPrefix("/"))
        let fileSystem = POSIXFileSystem()
        try fileSystem.createDirectory(atPath: relativeRoot + "/rel/dir")
        let file = try fileSystem.createFile(atPath: relativeRoot + "/rel/dir/f")
        try file.append([7])
        try file.close()
        #expect(try fileSystem.readFile(atPath: sandbox.path("rel/dir/f")) == [7])
    }

    @Test func readFileReturnsLargeFilesWhole() throws {
        let sandbox = try Sandbox(.posix); defer { sandbox.remove() }
        let contents = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try sandbox.write("big", contents)
        #expect(try sandbox.read("big") == contents)
        try sandbox.write("empty", [])
        #expect(try sandbox.read("empty") == [])
    }
}
