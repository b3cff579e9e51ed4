// StorageVerifier: checks every file a data directory holds against its stamps (magic, version,
// CRC32C of every block, record and footer) without changing anything. Takes the directory lock,
// so it runs only while no process has the database open. A torn WAL tail is not a problem (it
// is what a crash leaves, and recovery cuts it); anything else that would stop an open is.

import QuiverCatalog
import QuiverFileSystem

package enum StorageVerifier {
    package static func verify(path: String, fileSystem: any FileSystem) throws -> (checkedFileCount: Int, problems: [String]) {
        guard fileSystem.fileExists(atPath: path + "/" + Catalog.fileName) else {
            throw QuiverError(.notFound, "'\(path)' holds no Quiver database (no \(Catalog.fileName))")
        }
        let lock: any FileLock
        do {
            lock = try fileSystem.lockFile(atPath: path + "/LOCK")
        } catch let error as FileSystemError where error.kind == .locked {
            throw QuiverError(.locked, "data directory '\(path)' is in use by another process (LOCK is held)")
        }
        defer { lock.unlock() }
        let catalog: Catalog
        do {
            catalog = try Catalog.open(directory: path, fileSystem: fileSystem)
        } catch {
            return (1, ["catalog: \(error)"])
        }
        defer { catalog.close() }
        var checked = 1
        var problems: [String] = []
        for record in try catalog.collections() {
            let directory = path + "/collections/\(record.id)"
            let schema: CollectionSchema
            do {
                schema = try CollectionSchema.decode(json: record.schemaJSON)
            } catch {
                problems.append("collection '\(record.name)': \(error.message)")
                continue
            }
            for segment in try catalog.segments(collectionID: record.id) {
                checked += 1
                do {
                    let store = try SegmentFiles.readSegment(name: segment.fileName, directory: directory + "/segments",
                                                             fileSystem: fileSystem, schema: schema,
                                                             collectionID: record.id, segmentID: segment.segmentID)
                    if store.rowCount != Int(segment.rowCount) {
                        problems.append("segment '\(segment.fileName)': \(store.rowCount) rows, catalog says \(segment.rowCount)")
                    }
                    if let deletion = segment.deletionFileName {
                        checked += 1
                        _ = try SegmentFiles.readDeletions(name: deletion, directory: directory + "/segments", fileSystem: fileSystem,
                                                           segmentID: segment.segmentID, rowCount: store.rowCount)
                    }
                } catch {
                    problems.append(error.message)
                }
            }
            let walDirectory = directory + "/wal"
            let logs = ((try? fileSystem.contentsOfDirectory(atPath: walDirectory)) ?? [])
                .filter { WALFileWriter.firstSequence(ofFileName: $0) != nil }.sorted()
            for (index, name) in logs.enumerated() {
                checked += 1
                let filePath = walDirectory + "/" + name
                do {
                    let contents = try WALReader.read(try fileSystem.readFile(atPath: filePath), fileName: filePath,
                                                      collectionID: record.id, isNewest: index == logs.count - 1)
                    for frame in contents.frames where frame.sequence > record.checkpointSequence {
                        do {
                            _ = try WALRecord.decode(type: frame.type, sequence: frame.sequence, payload: frame.payload, schema: schema)
                        } catch {
                            problems.append("WAL file '\(filePath)' is corrupt at offset \(frame.payloadOffset + error.offset): \(error.message)")
                        }
                    }
                } catch let error as WALReadError {
                    problems.append(error.description)
                } catch {
                    problems.append("WAL file '\(filePath)': \(error)")
                }
            }
        }
        return (checked, problems)
    }
}
