// MemoryFileSystem fault injection: numbered faults (once or persistent), faults by path, the
// capacity limit, and the counter that proves every injected fault reached the caller.

import QuiverFileSystem
import Testing

@Suite struct MemoryFileSystemFaultTests {
    let fileSystem = MemoryFileSystem()

    init() throws { try fileSystem.createDirectory(atPath: "/db/wal") }

    @Test func onlyMutatingOperationsAreCounted() throws {
        let start = fileSystem.operationCount
        #expect(start == 1)   // the createDirectory in init
        let file = try fileSystem.createFile(atPath: "/db/a")   // 2
        try file.append([1])                                   // 3
        try file.sync()                                        // 4
        try file.close()                                       // not counted
        _ = try fileSystem.readFile(atPath: "/db/a")           // not counted
        _ = try fileSystem.contentsOfDirectory(atPath: "/db")  // not counted
        try fileSystem.rename(atPath: "/db/a", toPath: "/db/b")  // 5
        try fileSystem.syncDirectory(atPath: "/db")            // 6
        #expect(fileSystem.operationCount == start + 5)
    }

    @Test func aOneTimeFaultFailsOnlyThatOperationAndWritesNothing() throws {
        let file = try fileSystem.createFile(atPath: "/db/a")
        try file.append([1, 2])
        fileSystem.failOperation(number: fileSystem.operationCount + 2)
        try file.append([3])
        let error = expectFailure(.io) { try file.append([4, 5]) }
        #expect(error?.operation == "append")
        #expect(error?.path == "/db/a")
        try file.append([6])
        #expect(try fileSystem.readFile(atPath: "/db/a") == [1, 2, 3, 6])
        #expect(fileSystem.injectedFaultCount == 1)
    }

    @Test func aPersistentFaultFailsEveryLaterOperationUntilCleared() throws {
        let file = try fileSystem.createFile(atPath: "/db/a")
        fileSystem.failOperation(number: fileSystem.operationCount + 1, kind: .noSpace, persistent: true)
        expectFailure(.noSpace) { try file.append([1]) }
        expectFailure(.noSpace) { try file.sync() }
        expectFailure(.noSpace) { _ = try fileSystem.createFile(atPath: "/db/b") }
        expectFailure(.noSpace) { try fileSystem.removeFile(atPath: "/db/a") }
        #expect(fileSystem.injectedFaultCount == 4)
        #expect(try fileSystem.readFile(atPath: "/db/a") == [])   // reads are never faulted
        #expect(!fileSystem.fileExists(atPath: "/db/b"))
        fileSystem.clearFaults()
        try file.append([1])
        #expect(file.size == 1)
    }

    @Test func aFailedSyncLeavesTheSyncedBytesAsTheyWere() throws {
        let file = try fileSystem.createFile(atPath: "/db/a")
        try fileSystem.syncDirectory(atPath: "/db")
        try file.append([1])
        try file.sync()
        try file.append([2])
        let syncPoints = fileSystem.syncPointCount
        fileSystem.failOperation(number: fileSystem.operationCount + 1)
        expectFailure(.io) { try file.sync() }
        #expect(fileSystem.syncPointCount == syncPoints)
        #expect(try fileSystem.crashImage(.dropUnsynced).readFile(atPath: "/db/a") == [1])
    }

    @Test func faultsByPathHitOnlyMatchingPaths() throws {
        let wal = try fileSystem.createFile(atPath: "/db/wal/000001.qwal")
        let segment = try fileSystem.createFile(atPath: "db/000002.qseg")
        fileSystem.failOperations(onPathsContaining: "/wal/", kind: .noSpace)
        let error = expectFailure(.noSpace) { try wal.append([1, 2, 3]) }
        #expect(error?.description == "append of '/db/wal/000001.qwal' failed: no space left (injected fault)")
        expectFailure(.noSpace) { _ = try fileSystem.createFile(atPath: "/db/wal/000003.qwal") }
        expectFailure(.noSpace) { try fileSystem.rename(atPath: "db/000002.qseg", toPath: "/db/wal/x") }
        try segment.append([1, 2, 3])   // path does not match
        #expect(wal.size == 0)
        #expect(fileSystem.injectedFaultCount == 3)
        fileSystem.clearFaults()
        try wal.append([1])
        #expect(wal.size == 1)
    }

    @Test func theCapacityLimitRefusesAppendsThatDoNotFit() throws {
        fileSystem.capacityByteCount = 10
        let a = try fileSystem.createFile(atPath: "/db/a")
        try a.append([UInt8](repeating: 1, count: 6))
        let b = try fileSystem.createFile(atPath: "/db/b")
        expectFailure(.noSpace) { try b.append([UInt8](repeating: 2, count: 5)) }
        #expect(b.size == 0)
        try b.append([UInt8](repeating: 2, count: 4))
        expectFailure(.noSpace) { try a.append([3]) }
        expectFailure(.noSpace) { try fileSystem.truncateFile(atPath: "/db/a", toSize: 7) }
        #expect(fileSystem.injectedFaultCount == 3)

        try b.close()
        try fileSystem.removeFile(atPath: "/db/b")   // frees its 4 bytes
        try a.append([3, 3, 3, 3])
        #expect(a.size == 10)
        fileSystem.clearFaults()
        #expect(fileSystem.capacityByteCount == nil)
        try a.append([UInt8](repeating: 4, count: 100))
    }

    @Test func everyInjectedFaultIsCounted() throws {
        let file = try fileSystem.createFile(atPath: "/db/a")
        let next = fileSystem.operationCount + 1
        fileSystem.failOperation(number: next)
        fileSystem.failOperation(number: next + 2, kind: .injected)
        var thrownCount = 0
        for _ in 0..<4 {
            do { try file.append([0]) } catch is FileSystemError { thrownCount += 1 }
        }
        #expect(thrownCount == 2)
        #expect(fileSystem.injectedFaultCount == thrownCount)
        #expect(file.size == 2)
    }

    @Test func aLockIsExclusiveWithinOneMemoryFileSystemOnly() throws {
        let lock = try fileSystem.lockFile(atPath: "/db/LOCK")
        expectFailure(.locked) { _ = try fileSystem.lockFile(atPath: "db//LOCK") }
        #expect(fileSystem.injectedFaultCount == 0)   // a held lock is not an injected fault
        let other = MemoryFileSystem()
        try other.createDirectory(atPath: "/db")
        _ = try other.lockFile(atPath: "/db/LOCK")
        lock.unlock()
    }
}
