// A createCollection that fails leaves no collection behind: for every file operation of the
// create, that operation fails once; the call throws .io, a retry with the fault gone succeeds
// (the name is not left taken; after a fault in the catalog's own commit, once the database is
// reopened), and after a restart exactly one collection exists, holding the row written to it.

import Quiver
import QuiverFileSystem
import Testing

@Suite struct CreateCollectionRollbackTests {
    @Test func everyFailedCreateIsTakenBackAndCanBeRetried() async throws {
        let schema = CollectionSchema.simple(dimension: 2)
        var failedCreates = 0, retriedInSession = 0
        for n in 1...200 {
            let fileSystem = MemoryFileSystem()
            var database = try await TestDatabase.open(fileSystem)
            fileSystem.failOperation(number: fileSystem.operationCount + n)
            do {
                _ = try await database.createCollection("c", schema: schema)
                fileSystem.clearFaults()
                await database.close()
                break   // the create needs fewer than n operations: every one has failed once
            } catch let error as QuiverError {
                fileSystem.clearFaults()
                failedCreates += 1
                #expect(error.code == .io, "operation \(n): \(error)")
            }
            // A retry in the same session must not find the name taken. A fault in the catalog's
            // own commit leaves the catalog needing a reopen (the commit may or may not have
            // reached the disk, as with a lost acknowledgement): then the retry fails with .io and
            // the create is finished after reopening.
            let retried: Quiver.Collection
            do {
                retried = try await database.createCollection("c", schema: schema)
                retriedInSession += 1
            } catch let error as QuiverError where error.code == .io {
                await database.close()
                database = try await TestDatabase.open(fileSystem)
                retried = try database.listCollections().contains("c")
                    ? try database.collection("c") : try await database.createCollection("c", schema: schema)
            }
            try await retried.insert(ids: [.int(1)], flatVectors: [0.5, 0.5])
            await database.close()
            database = try await TestDatabase.open(fileSystem)
            #expect(try database.listCollections() == ["c"], "operation \(n)")
            #expect(try await database.collection("c").count(filter: "") == 1, "operation \(n)")
            await database.close()
        }
        #expect(failedCreates >= 3, "the create performed only \(failedCreates) file operations")
        #expect(retriedInSession >= 1, "no fault reached the rollback")
    }
}
