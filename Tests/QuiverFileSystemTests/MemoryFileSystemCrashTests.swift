// MemoryFileSystem crash images: what survives, by the durability model in MemoryFileSystem.swift.
// The fixture "db" is a durable directory; each test writes, maybe syncs, and looks at an image.

import QuiverFileSystem
import Testing

@Suite struct MemoryFileSystemCrashTests {
    let fileSystem = MemoryFileSystem()

    init() throws { try fileSystem.createDirectory(atPath: "/db") }

    /// Creates /db/<name> with `synced` bytes synced (file and directory), then appends `unsynced`.
    func logFile(_ name: String, synced: [UInt8], unsynced: [UInt8]) throws -> any WritableFile {
        let file = try fileSystem.createFile(atPath: "/db/" + name)
        try file.append(synced)
        try file.sync()
        try fileSystem.syncDirectory(atPath: "/db")
        try file.append(unsynced)
        return file
    }

    @Test func pathsAreNormalized() throws {
        try fileSystem.createDirectory(atPath: "a//b/")
        let file = try fileSystem.createFile(atPath: "a/b/c")
        try file.append([1])
        #expect(try fileSystem.readFile(atPath: "/a/b/c") == [1])
        #expect(try fileSystem.readFile(atPath: "/a//b/./c") == [1])
        #expect(fileSystem.allFilePaths() == ["/a/b/c"])
    }

    @Test func unsyncedAppendsAreDroppedAndSyncedOnesKept() throws {
        _ = try logFile("wal", synced: bytes("durable"), unsynced: bytes("-lost"))
        #expect(try fileSystem.crashImage(.dropUnsynced).readFile(atPath: "/db/wal") == bytes("durable"))
        #expect(try fileSystem.crashImage(.keepUnsynced).readFile(atPath: "/db/wal") == bytes("durable-lost"))
    }

    @Test func aSyncedFileWhoseDirectoryWasNeverSyncedIsGone() throws {
        let file = try fileSystem.createFile(atPath: "/db/segment")
        try file.append(bytes("data"))
        try file.sync()
        #expect(!fileSystem.crashImage(.dropUnsynced).fileExists(atPath: "/db/segment"))
        #expect(try fileSystem.crashImage(.keepUnsynced).readFile(atPath: "/db/segment") == bytes("data"))
        try fileSystem.syncDirectory(atPath: "/db")
        #expect(try fileSystem.crashImage(.dropUnsynced).readFile(atPath: "/db/segment") == bytes("data"))
    }

    @Test func aRenameWithoutDirectorySyncReverts() throws {
        try fileSystem.createFile(atPath: "/db/CURRENT").append(bytes("v1"))
        try fileSystem.openForAppending(atPath: "/db/CURRENT").sync()
        try fileSystem.syncDirectory(atPath: "/db")
        let next = try fileSystem.createFile(atPath: "/db/CURRENT.tmp")
        try next.append(bytes("v2"))
        try next.sync()
        try fileSystem.rename(atPath: "/db/CURRENT.tmp", toPath: "/db/CURRENT")

        let before = fileSystem.crashImage(.dropUnsynced)
        #expect(try before.readFile(atPath: "/db/CURRENT") == bytes("v1"))
        #expect(try before.contentsOfDirectory(atPath: "/db") == ["CURRENT"])
        try fileSystem.syncDirectory(atPath: "/db")
        #expect(try fileSystem.crashImage(.dropUnsynced).readFile(atPath: "/db/CURRENT") == bytes("v2"))
    }

    @Test func aRemoveWithoutDirectorySyncComesBack() throws {
        _ = try logFile("old", synced: bytes("x"), unsynced: [])
        try fileSystem.removeFile(atPath: "/db/old")
        #expect(try fileSystem.crashImage(.dropUnsynced).readFile(atPath: "/db/old") == bytes("x"))
        try fileSystem.syncDirectory(atPath: "/db")
        #expect(!fileSystem.crashImage(.dropUnsynced).fileExists(atPath: "/db/old"))
    }

    @Test func directoriesAreDurableAtOnce() throws {
        try fileSystem.createDirectory(atPath: "/db/collections/1")
        #expect(fileSystem.crashImage(.dropUnsynced).isDirectory(atPath: "/db/collections/1"))
        try fileSystem.removeDirectory(atPath: "/db/collections")
        #expect(!fileSystem.crashImage(.dropUnsynced).fileExists(atPath: "/db/collections"))
    }

    @Test func truncationShortensTheSyncedBytes() throws {
        _ = try logFile("wal", synced: [1, 2, 3, 4, 5, 6], unsynced: [])
        try fileSystem.truncateFile(atPath: "/db/wal", toSize: 2)
        #expect(try fileSystem.crashImage(.dropUnsynced).readFile(atPath: "/db/wal") == [1, 2])
    }

    @Test func tearingKeepsTheSyncedBytesAndAPrefixOfTheRest() throws {
        let synced = [UInt8](repeating: 0xAA, count: 32)
        let unsynced = (0..<200).map { UInt8($0) }
        _ = try logFile("wal", synced: synced, unsynced: unsynced)
        let whole = synced + unsynced
        var keptByteCounts = Set<Int>()
        var garbledImageCount = 0
        for seed in UInt64(0)..<40 {
            let torn = try fileSystem.crashImage(.tearUnsynced(seed: seed)).readFile(atPath: "/db/wal")
            #expect(torn.count >= synced.count && torn.count <= whole.count)
            #expect(Array(torn.prefix(synced.count)) == synced)
            let garbleByteCountMax = 16   // the garbled range is the torn prefix's last bytes
            let trusted = max(synced.count, torn.count - garbleByteCountMax)
            #expect(Array(torn.prefix(trusted)) == Array(whole.prefix(trusted)))
            keptByteCounts.insert(torn.count)
            if torn != Array(whole.prefix(torn.count)) { garbledImageCount += 1 }
            let again = try fileSystem.crashImage(.tearUnsynced(seed: seed)).readFile(atPath: "/db/wal")
            #expect(again == torn, "same seed, same image")
        }
        #expect(keptByteCounts.count > 5, "lengths vary with the seed")
        #expect(garbledImageCount > 0 && garbledImageCount < 40, "some torn tails hold garbage, not all")
    }

    @Test func tearingDropsUnsyncedDirectoryEntries() throws {
        let file = try fileSystem.createFile(atPath: "/db/new")
        try file.append([1, 2, 3])
        #expect(!fileSystem.crashImage(.tearUnsynced(seed: 7)).fileExists(atPath: "/db/new"))
    }

    @Test func crashAtASyncPointMakesThatSyncDurableAndThrow() throws {
        let file = try logFile("wal", synced: bytes("a"), unsynced: bytes("b"))
        let first = fileSystem.syncPointCount
        #expect(first == 2)   // one file sync, one directory sync
        fileSystem.crash(atSyncPoint: first + 2)
        try file.sync()                       // sync point first + 1
        try file.append(bytes("c"))
        expectFailure(.crashed) { try file.sync() }   // sync point first + 2: durable, then the process dies
        #expect(fileSystem.isCrashed)
        #expect(fileSystem.syncPointCount == first + 2)

        expectFailure(.crashed) { try file.append(bytes("d")) }
        expectFailure(.crashed) { try file.sync() }
        expectFailure(.crashed) { try file.close() }
        expectFailure(.crashed) { _ = try fileSystem.readFile(atPath: "/db/wal") }
        expectFailure(.crashed) { _ = try fileSystem.createFile(atPath: "/db/x") }
        expectFailure(.crashed) { _ = try fileSystem.contentsOfDirectory(atPath: "/db") }
        expectFailure(.crashed) { try fileSystem.syncDirectory(atPath: "/db") }
        #expect(!fileSystem.fileExists(atPath: "/db/wal"))
        #expect(try fileSystem.readFileIgnoringCrash(atPath: "/db/wal") == bytes("abc"))
        #expect(fileSystem.allFilePaths() == ["/db/wal"])

        let image = fileSystem.crashImage(.dropUnsynced)
        #expect(!image.isCrashed)
        #expect(try image.readFile(atPath: "/db/wal") == bytes("abc"))
    }

    @Test func crashAtADirectorySyncKeepsItsEntries() throws {
        fileSystem.crash(atSyncPoint: 1)
        let file = try fileSystem.createFile(atPath: "/db/seg")
        try file.append([9])
        expectFailure(.crashed) { try fileSystem.syncDirectory(atPath: "/db") }
        let image = fileSystem.crashImage(.dropUnsynced)
        #expect(try image.readFile(atPath: "/db/seg") == [])   // the entry is durable, the bytes were never synced
    }

    @Test func crashNowStopsEverything() throws {
        try fileSystem.createFile(atPath: "/db/a").append([1])
        fileSystem.crashNow()
        #expect(fileSystem.isCrashed)
        expectFailure(.crashed) { try fileSystem.createDirectory(atPath: "/db/b") }
        expectFailure(.crashed) { _ = try fileSystem.lockFile(atPath: "/db/LOCK") }
        #expect(fileSystem.crashImage(.keepUnsynced).fileExists(atPath: "/db/a"))
    }

    @Test func theImageIsLiveUnlockedAndFullyDurable() throws {
        let lock = try fileSystem.lockFile(atPath: "/db/LOCK")
        _ = try logFile("wal", synced: [1], unsynced: [2])
        fileSystem.crashNow()
        let image = fileSystem.crashImage(.keepUnsynced)
        let relock = try image.lockFile(atPath: "/db/LOCK")   // locks do not survive a crash
        relock.unlock()
        lock.unlock()
        #expect(image.syncPointCount == 0)
        // Everything in an image is durable: crashing it again changes nothing.
        #expect(try image.crashImage(.dropUnsynced).readFile(atPath: "/db/wal") == [1, 2])
        #expect(image.crashImage(.dropUnsynced).allFilePaths() == ["/db/LOCK", "/db/wal"])
    }
}
