// FileSystem: the only way the database touches files. POSIXFileSystem is for real use;
// MemoryFileSystem is for tests (crash images, injected faults).
// Invariants every implementation keeps (the storage engine's crash safety rests on them):
// - bytes appended to a WritableFile are durable only after its sync() returned;
// - a directory entry created, renamed or removed is durable only after syncDirectory(parent);
// - rename is atomic and replaces the destination;
// - a failing operation throws FileSystemError and never traps.
// Ownership: implementations are shared across threads (Sendable); every method is thread-safe.

public protocol FileSystem: AnyObject, Sendable {
    /// Creates the directory and any missing parents; no error if it already exists.
    func createDirectory(atPath path: String) throws
    func fileExists(atPath path: String) -> Bool
    func isDirectory(atPath path: String) -> Bool
    /// Entry names (not paths), sorted.
    func contentsOfDirectory(atPath path: String) throws -> [String]
    /// Creates the file, or truncates an existing one; the handle appends from offset 0.
    func createFile(atPath path: String) throws -> any WritableFile
    /// Opens an existing file to append at its end; `.notFound` if it is missing.
    func openForAppending(atPath path: String) throws -> any WritableFile
    /// The whole file.
    func readFile(atPath path: String) throws -> [UInt8]
    func fileSize(atPath path: String) throws -> Int
    /// `.notFound` if the file is missing.
    func removeFile(atPath path: String) throws
    /// Removes the directory and everything below it.
    func removeDirectory(atPath path: String) throws
    /// Atomic; replaces the destination.
    func rename(atPath source: String, toPath destination: String) throws
    func truncateFile(atPath path: String, toSize size: Int) throws
    /// Makes the entries created, renamed or removed in the directory durable.
    func syncDirectory(atPath path: String) throws
    /// Creates the file if needed and takes an exclusive, non-blocking lock on it;
    /// `.locked` if another holder has it.
    func lockFile(atPath path: String) throws -> any FileLock
}

/// An open file that grows only at its end. Append and sync may be called from different threads;
/// close must not race with other calls on the same handle.
public protocol WritableFile: AnyObject, Sendable {
    var path: String { get }
    /// Bytes in the file so far, synced or not.
    var size: Int { get }
    /// Appends all bytes, or throws and leaves the file as it was.
    func append(_ bytes: UnsafeRawBufferPointer) throws
    /// Returns once every appended byte is durable (fdatasync).
    func sync() throws
    /// Releases the handle; a second close does nothing.
    func close() throws
}

extension WritableFile {
    public func append(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try append($0) }
    }
}

/// An exclusive lock held until unlock() (or until the lock object is released).
public protocol FileLock: AnyObject, Sendable {
    /// Releases the lock; a second unlock does nothing.
    func unlock()
}
