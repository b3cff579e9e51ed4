// Loading a segment's index file checks what the checksum cannot: an index whose vectors have
// another width than the field is corruption, reported with the file's name, not a trap in the
// first search.

import QuiverFileSystem
import QuiverIndex
import Testing
@testable import QuiverStorage

@Suite struct IndexFileLoadTests {
    @Test func anIndexOfAnotherDimensionIsCorruption() throws {
        let fileSystem = MemoryFileSystem()
        try fileSystem.createDirectory(atPath: "/c")
        let vectors = [Float](repeating: 0.5, count: 4 * 16)
        let index = vectors.withUnsafeBufferPointer { FlatIndex.build(spec: IndexSpec(kind: .flat, metric: .l2), vectors: $0, dimension: 16) }
        let file = try fileSystem.createFile(atPath: "/c/1.vector.qidx")
        try file.append(IndexFile.encode(index.serialized(), collectionID: 7, segmentID: 1, field: "vector"))
        try file.sync()
        try file.close()
        let narrower = FieldSchema.floatVector("vector", dimension: 8)
        do {
            _ = try CollectionWriter.loadIndex(name: "1.vector.qidx", directory: "/c", fileSystem: fileSystem,
                                               collectionID: 7, segmentID: 1, field: narrower)
            Issue.record("an index of dimension 16 loaded for a field of dimension 8")
        } catch let error as QuiverError {
            #expect(error.code == .corruption)
            #expect(error.message.contains("1.vector.qidx") && error.message.contains("dimension 16"), "\(error.message)")
        }
        // The same file loads for the field it was built for.
        _ = try CollectionWriter.loadIndex(name: "1.vector.qidx", directory: "/c", fileSystem: fileSystem,
                                           collectionID: 7, segmentID: 1, field: .floatVector("vector", dimension: 16))
    }
}
