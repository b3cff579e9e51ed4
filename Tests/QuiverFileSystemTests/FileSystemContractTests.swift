// The FileSystem contract, checked against POSIXFileSystem and MemoryFileSystem with one body each,
// so the test double behaves like the real thing wherever the storage engine can tell.

import Foundation
import Synchronization
import QuiverFileSystem
import Testing

@Suite struct FileSystemContractTests {
    @Test(arguments: FileSystemUnderTest.allCases)
    func appendedBytesReadBackInOrder(_ kind: FileSystemUnderTest) throws {
        let sandbox = try Sandbox(kind); defer { sandbox.remove() }
        let file = try sandbox.fileSystem.createFile(atPath: sandbox.path("a.log"))
        #expect(file.size == 0)
        try file.append(bytes("hello "))
        #expect(file.size == 6)
        try file.append(bytes("world"))
        #expect(file.size == 11)
        try file.sync()
        try file.close()
        try file.close()   // a second close does nothing
        #expect(try sandbox.read("a.log") == bytes("hello world"))
        #expect(try sandbox.fileSystem.fileSize(atPath: sandbox.path("a.log")) == 11)
        #expect(file.path == sandbox.path("a.log"))
    }

    @Test(arguments: FileSystemUnderTest.allCases)
    func createFileTruncatesAnExistingFile(_ kind: FileSystemUnderTest) throws {
        let sandbox = try Sandbox(kind); defer { sandbox.remove() }
        try sandbox.write("a", bytes("long contents"))
        try sandbox.write("a", bytes("new"))
        #expect(try sandbox.read("a") == bytes("new"))
    }

    @Test(arguments: FileSystemUnderTest.allCases)
    func openForAppendingContinuesAtTheEnd(_ kind: FileSystemUnderTest) throws {
        let sandbox = try Sandbox(kind); defer { sandbox.remove() }
        try sandbox.write("a", bytes("abc"))
        let file = try sandbox.fileSystem.openForAppending(atPath: sandbox.path("a"))
        #expect(file.size == 3)
        try file.append(bytes("de"))
        #expect(file.size == 5)
        try file.close()
        #expect(try sandbox.read("a") == bytes("abcde"))
        expectFailure(.notFound) { _ = try sandbox.fileSystem.openForAppending(atPath: sandbox.path("missing")) }
    }

    @Test(arguments: FileSystemUnderTest.allCases)
    func appendAfterCloseIsRefused(_ kind: FileSystemUnderTest) throws {
        let sandbox = try Sandbox(kind); defer { sandbox.remove() }
        let file = try sandbox.fileSystem.createFile(atPath: sandbox.path("a"))
        try file.append(bytes("x"))
        try file.close()
        expectFailure(.invalidArgument) { try file.append(bytes("y")) }
        #expect(try sandbox.read("a") == bytes("x"))
    }

    @Test(arguments: FileSystemUnderTest.allCases)
    func missingParentIsNotFound(_ kind: FileSystemUnderTest) throws {
        let sandbox = try Sandbox(kind); defer { sandbox.remove() }
        let fileSystem = sandbox.fileSystem
        expectFailure(.notFound) { _ = try fileSystem.createFile(atPath: sandbox.path("no/a")) }
        expectFailure(.notFound) { _ = try fileSystem.lockFile(atPath: sandbox.path("no/LOCK")) }
        try sandbox.write("a", [1])
        expectFailure(.notFound) { try fileSystem.rename(atPath: sandbox.path("a"), toPath: sandbox.path("no/a")) }
        expectFailure(.notFound) { _ = try fileSystem.readFile(atPath: sandbox.path("missing")) }
        expectFailure(.notFound) { _ = try fileSystem.fileSize(atPath: sandbox.path("missing")) }
        expectFailure(.notFound) { try fileSystem.truncateFile(atPath: sandbox.path("missing"), toSize: 0) }
        expectFailure(.notFound) { try fileSystem.syncDirectory(atPath: sandbox.path("missing")) }
    }

    @Test(arguments: FileSystemUnderTest.allCases)
    func directoriesAreCreatedWithTheirParentsAndListedSorted(_ kind: FileSystemUnderTest) throws {
        let sandbox = try Sandbox(kind); defer { sandbox.remove() }
        let fileSystem = sandbox.fileSystem
        try fileSystem.createDirectory(atPath: sandbox.path("x/y/z"))
        try fileSystem.createDirectory(atPath: sandbox.path("x/y/z"))   // exists: no error
        #expect(fileSystem.isDirectory(atPath: sandbox.path("x/y/z")))
        #expect(fileSystem.fileExists(atPath: sandbox.path("x/y")))
        try sandbox.write("x/b", [1])
        try sandbox.write("x/a", [2])
        #expect(try fileSystem.contentsOfDirectory(atPath: sandbox.path("x")) == ["a", "b", "y"])
        #expect(fileSystem.fileExists(atPath: sandbox.path("x/a")))
        #expect(!fileSystem.isDirectory(atPath: sandbox.path("x/a")))
        #expect(!fileSystem.fileExists(atPath: sandbox.path("x/c")))
        expectFailure(.alreadyExists) { try fileSystem.createDirectory(atPath: sandbox.path("x/a")) }
        expectFailure(.notADirectory) { _ = try fileSystem.contentsOfDirectory(atPath: sandbox.path("x/a")) }
        expectFailure(.notFound) { _ = try fileSystem.contentsOfDirectory(atPath: sandbox.path("nope")) }
        try fileSystem.syncDirectory(atPath: sandbox.path("x"))
    }

    @Test(arguments: FileSystemUnderTest.allCases)
    func renameReplacesTheDestination(_ kind: FileSystemUnderTest) throws {
        let sandbox = try Sandbox(kind); defer { sandbox.remove() }
        let fileSystem = sandbox.fileSystem
        try sandbox.write("CURRENT", bytes("old"))
        try sandbox.write("CURRENT.tmp", bytes("new"))
        try fileSystem.rename(atPath: sandbox.path("CURRENT.tmp"), toPath: sandbox.path("CURRENT"))
        #expect(try sandbox.read("CURRENT") == bytes("new"))
        #expect(!fileSystem.fileExists(atPath: sandbox.path("CURRENT.tmp")))
        #expect(try fileSystem.contentsOfDirectory(atPath: sandbox.root) == ["CURRENT"])
        expectFailure(.notFound) {
            try fileSystem.rename(atPath: sandbox.path("CURRENT.tmp"), toPath: sandbox.path("CURRENT"))
        }
        try fileSystem.createDirectory(atPath: sandbox.path("d"))
        try fileSystem.rename(atPath: sandbox.path("CURRENT"), toPath: sandbox.path("d/CURRENT"))
        #expect(try sandbox.read("d/CURRENT") == bytes("new"))
    }

    @Test(arguments: FileSystemUnderTest.allCases)
    func removeFileAndRemoveDirectory(_ kind: FileSystemUnderTest) throws {
        let sandbox = try Sandbox(kind); defer { sandbox.remove() }
        let fileSystem = sandbox.fileSystem
        try sandbox.write("a", [1])
        try fileSystem.removeFile(atPath: sandbox.path("a"))
        #expect(!fileSystem.fileExists(atPath: sandbox.path("a")))
        expectFailure(.notFound) { try fileSystem.removeFile(atPath: sandbox.path("a")) }

        try fileSystem.createDirectory(atPath: sandbox.path("tree/sub"))
        try sandbox.write("tree/sub/f", [1, 2])
        try sandbox.write("tree/g", [3])
        try fileSystem.removeDirectory(atPath: sandbox.path("tree"))
        #expect(!fileSystem.fileExists(atPath: sandbox.path("tree")))
        #expect(try fileSystem.contentsOfDirectory(atPath: sandbox.root) == [])
    }

    @Test(arguments: FileSystemUnderTest.allCases)
    func anOpenFileStaysWritableAfterItsNameIsRemoved(_ kind: FileSystemUnderTest) throws {
        let sandbox = try Sandbox(kind); defer { sandbox.remove() }
        let file = try sandbox.fileSystem.createFile(atPath: sandbox.path("a"))
        try sandbox.fileSystem.removeFile(atPath: sandbox.path("a"))
        try file.append(bytes("still fine"))
        try file.sync()
        #expect(file.size == 10)
        try file.close()
        #expect(!sandbox.fileSystem.fileExists(atPath: sandbox.path("a")))
    }

    @Test(arguments: FileSystemUnderTest.allCases)
    func truncateShrinksAndZeroExtends(_ kind: FileSystemUnderTest) throws {
        let sandbox = try Sandbox(kind); defer { sandbox.remove() }
        try sandbox.write("a", [1, 2, 3, 4, 5])
        try sandbox.fileSystem.truncateFile(atPath: sandbox.path("a"), toSize: 2)
        #expect(try sandbox.read("a") == [1, 2])
        try sandbox.fileSystem.truncateFile(atPath: sandbox.path("a"), toSize: 4)
        #expect(try sandbox.read("a") == [1, 2, 0, 0])
        expectFailure(.invalidArgument) { try sandbox.fileSystem.truncateFile(atPath: sandbox.path("a"), toSize: -1) }
    }

    @Test(arguments: FileSystemUnderTest.allCases)
    func aLockExcludesASecondHolderUntilUnlocked(_ kind: FileSystemUnderTest) throws {
        let sandbox = try Sandbox(kind); defer { sandbox.remove() }
        let fileSystem = sandbox.fileSystem
        let lock = try fileSystem.lockFile(atPath: sandbox.path("LOCK"))
        #expect(fileSystem.fileExists(atPath: sandbox.path("LOCK")))
        expectFailure(.locked) { _ = try fileSystem.lockFile(atPath: sandbox.path("LOCK")) }
        lock.unlock()
        lock.unlock()   // a second unlock does nothing
        let relock = try fileSystem.lockFile(atPath: sandbox.path("LOCK"))
        relock.unlock()
    }

    @Test(arguments: FileSystemUnderTest.allCases)
    func concurrentAppendsAreEachWrittenWhole(_ kind: FileSystemUnderTest) throws {
        let sandbox = try Sandbox(kind); defer { sandbox.remove() }
        let file = try sandbox.fileSystem.createFile(atPath: sandbox.path("wal"))
        let recordByteCount = 100, recordCount = 64
        let failures = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: recordCount) { index in
            do {
                try file.append([UInt8](repeating: UInt8(index), count: recordByteCount))
                if index % 8 == 0 { try file.sync() }
            } catch {
                failures.withLock { $0 += 1 }
            }
        }
        try file.sync()
        try file.close()
        #expect(failures.withLock { $0 } == 0)
        let contents = try sandbox.read("wal")
        #expect(contents.count == recordByteCount * recordCount)
        var seen = Set<UInt8>()
        for start in stride(from: 0, to: contents.count, by: recordByteCount) {
            let record = contents[start..<(start + recordByteCount)]
            #expect(Set(record).count == 1)   // no interleaving inside a record
            seen.insert(record.first!)
        }
        #expect(seen.count == recordCount)
    }
}
