// Offline verification: `quiver verify` and tests call this on a closed database.

import QuiverFileSystem
import QuiverStorage

/// What an offline check of a closed database found.
public struct VerificationReport: Sendable {
    /// Files whose stamps were checked: the catalog, segments, deletion files, WAL files.
    public var checkedFileCount: Int
    /// One line per damaged or missing file, naming it and the offset.
    public var problems: [String]
    /// No problem was found.
    public var isIntact: Bool { problems.isEmpty }
}

extension Database {
    /// Checks every checksum of the database at `path`. Throws `.locked` while another process
    /// has it open, `.notFound` when there is no database there.
    public static func verify(at path: String, fileSystem: (any FileSystem)? = nil) async throws -> VerificationReport {
        let result = try StorageVerifier.verify(path: path, fileSystem: fileSystem ?? POSIXFileSystem())
        return VerificationReport(checkedFileCount: result.checkedFileCount, problems: result.problems)
    }
}
