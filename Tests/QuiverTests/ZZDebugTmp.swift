import Quiver
import QuiverFileSystem
import QuiverTestSupport
import Synchronization
import Testing

final class LoggingFS: FileSystem {
    let base: MemoryFileSystem
    let log = Mutex<[String]>([])
    init(_ base: MemoryFileSystem) { self.base = base }
    func note(_ s: String) { log.withLock { $0.append(s) } }
    func createDirectory(atPath path: String) throws { try base.createDirectory(atPath: path) }
    func fileExists(atPath path: String) -> Bool { base.fileExists(atPath: path) }
    func isDirectory(atPath path: String) -> Bool { base.isDirectory(atPath: path) }
    func contentsOfDirectory(atPath path: String) throws -> [String] { try base.contentsOfDirectory(atPath: path) }
    func createFile(atPath path: String) throws -> any WritableFile { LoggingFile(try base.createFile(atPath: path), self) }
    func openForAppending(atPath path: String) throws -> any WritableFile { LoggingFile(try base.openForAppending(atPath: path), self) }
    func readFile(atPath path: String) throws -> [UInt8] { try base.readFile(atPath: path) }
    func fileSize(atPath path: String) throws -> Int { try base.fileSize(atPath: path) }
    func removeFile(atPath path: String) throws { note("rm \(path)"); try base.removeFile(atPath: path) }
    func removeDirectory(atPath path: String) throws { try base.removeDirectory(atPath: path) }
    func rename(atPath source: String, toPath destination: String) throws { try base.rename(atPath: source, toPath: destination) }
    func truncateFile(atPath path: String, toSize size: Int) throws { try base.truncateFile(atPath: path, toSize: size) }
    func syncDirectory(atPath path: String) throws { note("syncdir \(path)"); try base.syncDirectory(atPath: path) }
    func lockFile(atPath path: String) throws -> any FileLock { try base.lockFile(atPath: path) }
}
final class LoggingFile: WritableFile {
    let f: any WritableFile; let fs: LoggingFS
    init(_ f: any WritableFile, _ fs: LoggingFS) { self.f = f; self.fs = fs }
    var path: String { f.path }
    var size: Int { f.size }
    func append(_ bytes: UnsafeRawBufferPointer) throws { try f.append(bytes) }
    func sync() throws { fs.note("sync \(f.path)"); try f.sync() }
    func close() throws { try f.close() }
}

@Test func zzDebugSyncCounts() async throws {
    var logs: [[String]] = []
    for _ in 0..<2 {
        let mem = MemoryFileSystem()
        let fs = LoggingFS(mem)
        let db = try await Database.open(at: "/db", options: CrashScript.options, fileSystem: fs)
        let c = try await db.createCollection("c", schema: CrashScript.schema)
        for step in CrashScript.steps {
            fs.note("STEP \(step)")
            switch step {
            case .insert(let rows): try await c.insert(rows)
            case .upsert(let rows): try await c.upsert(rows)
            case .delete(let keys): try await c.delete(ids: keys)
            case .flush: try await c.flush()
            case .insertOfAStoredKey(let rows): _ = try? await c.insert(rows)
            }
        }
        fs.note("CLOSE")
        await db.close()
        print("K", mem.syncPointCount)
        logs.append(fs.log.withLock { $0 })
    }
    print(logs[0].joined(separator: "\n"))
    print("=====")
    print(logs[1].joined(separator: "\n"))
}
