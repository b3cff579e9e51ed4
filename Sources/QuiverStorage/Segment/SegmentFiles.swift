// SegmentFiles: the I/O of segment and deletion files: write (tmp, sync, rename, sync directory)
// and read (with every check of SegmentCodec). Errors name the file and the offset.

import QuiverFileSystem
import QuiverKernels

enum SegmentFiles {
    static func paddedID(_ id: Int64) -> String {
        let digits = String(id)
        return String(repeating: "0", count: max(0, 12 - digits.count)) + digits
    }

    static func segmentFileName(_ segmentID: Int64) -> String { paddedID(segmentID) + ".qseg" }

    /// Writes `bytes` durably under `name` in `directory`: a crash leaves either no file under that
    /// name or the whole file (a stray `.tmp` is removed at the next open).
    static func writeDurably(_ bytes: [UInt8], name: String, directory: String, fileSystem: any FileSystem) throws {
        let temporary = directory + "/" + name + ".tmp"
        let file = try fileSystem.createFile(atPath: temporary)
        do {
            try file.append(bytes)
            try file.sync()
            try file.close()
        } catch {
            try? file.close()
            try? fileSystem.removeFile(atPath: temporary)
            throw error
        }
        try fileSystem.rename(atPath: temporary, toPath: directory + "/" + name)
        try fileSystem.syncDirectory(atPath: directory)
    }

    static func readSegment(name: String, directory: String, fileSystem: any FileSystem, schema: CollectionSchema,
                            collectionID: Int64, segmentID: Int64) throws(QuiverError) -> ColumnStore {
        let bytes = try readReferenced(name: name, directory: directory, fileSystem: fileSystem)
        do {
            return try SegmentCodec.decode(bytes, schema: schema, collectionID: collectionID, segmentID: segmentID)
        } catch {
            throw QuiverError(.corruption, "segment file '\(directory)/\(name)' is corrupt at offset \(error.offset): \(error.message)")
        }
    }

    static func readDeletions(name: String, directory: String, fileSystem: any FileSystem,
                              segmentID: Int64, rowCount: Int) throws(QuiverError) -> Bitset {
        let bytes = try readReferenced(name: name, directory: directory, fileSystem: fileSystem)
        do {
            return try DeletionFile.decode(bytes, segmentID: segmentID, rowCount: rowCount)
        } catch {
            throw QuiverError(.corruption, "deletion file '\(directory)/\(name)' is corrupt at offset \(error.offset): \(error.message)")
        }
    }

    private static func readReferenced(name: String, directory: String, fileSystem: any FileSystem) throws(QuiverError) -> [UInt8] {
        do {
            return try fileSystem.readFile(atPath: directory + "/" + name)
        } catch let error as FileSystemError where error.kind == .notFound {
            throw QuiverError(.corruption, "file '\(directory)/\(name)' is referenced by the catalog but missing")
        } catch {
            throw QuiverError(.io, "reading '\(directory)/\(name)': \(error)")
        }
    }
}
