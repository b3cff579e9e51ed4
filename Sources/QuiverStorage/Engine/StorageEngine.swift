// StorageEngine: one open data directory: its lock, its catalog and a CollectionWriter per
// collection. Layout (see docs/ARCHITECTURE.md):
//   <dir>/LOCK, <dir>/catalog.sqlite, <dir>/collections/<id>/{wal,segments}/
// Invariants: one process per directory (LOCK); every collection in the catalog has a writer
// while open; a collection directory the catalog does not know is removed at open.
// Concurrency: the writers map is guarded by a Mutex; no await happens while it is held. Every
// change to the collection namespace (create, drop, rename, aliases) runs through `namespace`,
// one at a time, so concurrent calls on one name each see the previous one complete: the loser
// of a race gets "already exists" or "not found", never a half-made or half-dropped collection.

import QuiverCatalog
import QuiverFileSystem
import QuiverKernels
import Synchronization

package final class StorageEngine: Sendable {
    package let path: String
    package let fileSystem: any FileSystem
    package let options: DatabaseOptions
    /// WAL syncs, merges and index builds of every collection (see StorageEvents.swift).
    package var events: StorageEventHub { options.eventHub }
    let catalog: Catalog
    let lock: any FileLock
    let writers: Mutex<[String: CollectionWriter]>
    let compactors: Mutex<[String: Compactor]>
    /// Alias to collection name.
    let aliases: Mutex<[String: String]>
    let closed = Mutex(false)
    /// Serializes changes to the collection namespace (see the file comment).
    let namespace = SerialGate()

    private init(path: String, fileSystem: any FileSystem, options: DatabaseOptions, catalog: Catalog,
                 lock: any FileLock, writers: [String: CollectionWriter], aliases: [String: String]) {
        self.aliases = Mutex(aliases)
        self.path = path
        self.fileSystem = fileSystem
        self.options = options
        self.catalog = catalog
        self.lock = lock
        self.writers = Mutex(writers)
        var compactors: [String: Compactor] = [:]
        for (name, writer) in writers {
            compactors[name] = StorageEngine.makeCompactor(for: writer, path: path, fileSystem: fileSystem, options: options)
        }
        self.compactors = Mutex(compactors)
    }

    static func makeCompactor(for writer: CollectionWriter, path: String, fileSystem: any FileSystem,
                              options: DatabaseOptions) -> Compactor {
        let compactor = Compactor(writer: writer, fileSystem: fileSystem,
                                  segmentDirectory: path + "/collections/\(writer.collectionID)/segments",
                                  options: options.compaction)
        Task { await compactor.start() }
        return compactor
    }

    package func compactor(named name: String) throws -> Compactor {
        try checkOpen()
        guard let compactor = compactors.withLock({ $0[resolve(name)] }) else {
            throw QuiverError(.notFound, "collection '\(name.prefix(255))' does not exist")
        }
        return compactor
    }

    package static func open(path: String, fileSystem: any FileSystem, options: DatabaseOptions) async throws -> StorageEngine {
        var options = options
        options.eventHub = StorageEventHub()
        BatchDistances.setThreadCount(max(1, options.blasThreadCount))
        let lock: any FileLock
        do {
            try fileSystem.createDirectory(atPath: path)
            lock = try fileSystem.lockFile(atPath: path + "/LOCK")
        } catch let error as FileSystemError where error.kind == .locked {
            throw QuiverError(.locked, "data directory '\(path)' is in use by another process (LOCK is held)")
        } catch {
            throw QuiverError(.io, "opening data directory '\(path)': \(error)")
        }
        do {
            let catalog: Catalog
            do {
                catalog = try Catalog.open(directory: path, fileSystem: fileSystem)
            } catch let error as CatalogError where error.kind == .corrupt {
                throw QuiverError(.corruption, error.description)
            } catch let error as CatalogError {
                throw QuiverError(.io, error.description)
            }
            let records = try catalog.collections()
            let collectionsDirectory = path + "/collections"
            try fileSystem.createDirectory(atPath: collectionsDirectory)
            let known = Set(records.map { String($0.id) })
            for name in try fileSystem.contentsOfDirectory(atPath: collectionsDirectory) where !known.contains(name) {
                try fileSystem.removeDirectory(atPath: collectionsDirectory + "/" + name)
                options.log?("removed directory of dropped collection \(name)")
            }
            var writers: [String: CollectionWriter] = [:]
            for record in records {
                writers[record.name] = try await CollectionWriter.open(
                    record: record, directory: collectionsDirectory + "/\(record.id)",
                    fileSystem: fileSystem, catalog: catalog, options: options)
            }
            let names = Dictionary(uniqueKeysWithValues: records.map { ($0.id, $0.name) })
            var aliases: [String: String] = [:]
            for (alias, collectionID) in try catalog.aliases() { aliases[alias] = names[collectionID] }
            return StorageEngine(path: path, fileSystem: fileSystem, options: options, catalog: catalog,
                                 lock: lock, writers: writers, aliases: aliases)
        } catch {
            lock.unlock()
            throw QuiverError.wrapping(error, during: "opening data directory '\(path)'")
        }
    }

    func checkOpen() throws(QuiverError) {
        if closed.withLock({ $0 }) { throw QuiverError(.closed, "the database is closed") }
    }

    package func collection(named name: String) throws -> CollectionWriter {
        try checkOpen()
        guard let writer = writers.withLock({ $0[resolve(name)] }) else {
            throw QuiverError(.notFound, "collection '\(name.prefix(255))' does not exist")
        }
        return writer
    }

    package func collectionNames() throws -> [String] {
        try checkOpen()
        return writers.withLock { $0.keys.sorted() }
    }

    /// Creates a collection and runs `configure` on its writer (index creation, say) as one
    /// namespace change: if `configure` throws, the collection is dropped again and the error
    /// rethrown, so a failed create leaves nothing behind and can never drop a namesake made
    /// by someone else.
    package func createCollection(name: String, schema: CollectionSchema,
                                  configure: (CollectionWriter) async throws -> Void = { _ in }) async throws -> CollectionWriter {
        try await namespace.run {
            let writer = try await createCollectionNow(name: name, schema: schema)
            do {
                try await configure(writer)
            } catch {
                try? await dropCollectionNow(writer)
                throw error
            }
            return writer
        }
    }

    private func createCollectionNow(name: String, schema: CollectionSchema) async throws -> CollectionWriter {
        try checkOpen()
        try CollectionSchema.validateName(name, what: "collection name")
        guard aliases.withLock({ $0[name] }) == nil else {
            throw QuiverError(.alreadyExists, "'\(name)' is an alias; a collection cannot take its name")
        }
        try schema.validate()
        let record: CollectionRecord
        do {
            record = try catalog.createCollection(name: name, schemaJSON: schema.encodedJSON(), createdAtMs: currentTimeMs())
        } catch let error as CatalogError where error.kind == .constraint {
            throw QuiverError(.alreadyExists, "collection '\(name)' already exists")
        } catch {
            throw QuiverError.wrapping(error, during: "creating collection '\(name)'")
        }
        // The catalog row is committed; if the collection's files cannot be set up, the row is
        // taken back so a failed create leaves no collection behind (a retry must not find the
        // name taken). Should the rollback fail as well, the row stays and the next open
        // recovers it as an empty collection. The catalog reuses the id of a dropped last
        // collection, so a directory already at this id is a leftover no row refers to: it is
        // removed first, never opened.
        let directory = path + "/collections/\(record.id)"
        var opened: CollectionWriter?
        do {
            if fileSystem.fileExists(atPath: directory) { try fileSystem.removeDirectory(atPath: directory) }
            let writer = try await CollectionWriter.open(record: record, directory: directory, fileSystem: fileSystem,
                                                         catalog: catalog, options: options)
            opened = writer
            try fileSystem.syncDirectory(atPath: path + "/collections")
        } catch {
            if let opened { await opened.close() }
            try? catalog.dropCollection(id: record.id)
            try? fileSystem.removeDirectory(atPath: directory)
            throw QuiverError.wrapping(error, during: "creating collection '\(name)'")
        }
        guard let writer = opened else { preconditionFailure("writer opened above") }
        writers.withLock { $0[name] = writer }
        let compactor = StorageEngine.makeCompactor(for: writer, path: path, fileSystem: fileSystem, options: options)
        compactors.withLock { $0[name] = compactor }
        return writer
    }

    package func dropCollection(name: String) async throws {
        try await namespace.run {
            try await dropCollectionNow(try collection(named: name))
        }
    }

    /// Drops the collection `writer` serves. Callers hold `namespace`. From the first step on,
    /// calls through handles to it answer "not found" (it was dropped), not "closed".
    private func dropCollectionNow(_ writer: CollectionWriter) async throws {
        let name = writer.name
        aliases.withLock { $0 = $0.filter { $0.value != name } }
        if let compactor = compactors.withLock({ $0.removeValue(forKey: name) }) { await compactor.stop() }
        await writer.close(because: .dropped)
        do {
            try catalog.dropCollection(id: writer.collectionID)
        } catch {
            throw QuiverError.wrapping(error, during: "dropping collection '\(name)'")
        }
        writers.withLock { _ = $0.removeValue(forKey: name) }
        try? fileSystem.removeDirectory(atPath: path + "/collections/\(writer.collectionID)")
    }

    /// Flushes every collection and releases the directory. Later calls throw `.closed`.
    package func close() async {
        let wasClosed = closed.withLock { value in
            defer { value = true }
            return value
        }
        guard !wasClosed else { return }
        for compactor in compactors.withLock({ Array($0.values) }) { await compactor.stop() }
        for writer in writers.withLock({ Array($0.values) }) { await writer.close() }
        catalog.close()
        lock.unlock()
    }
}

extension StorageEngine {
    /// For benchmarks and tests: stops every writer and releases the directory without flushing
    /// or syncing anything more, as a killed process would. The WAL keeps what was written.
    package func abandon() async {
        let wasClosed = closed.withLock { value in
            defer { value = true }
            return value
        }
        guard !wasClosed else { return }
        for compactor in compactors.withLock({ Array($0.values) }) { await compactor.stop() }
        for writer in writers.withLock({ Array($0.values) }) { await writer.abandon() }
        catalog.close()
        lock.unlock()
    }
}

// MARK: - Aliases and renames

extension StorageEngine {
    /// A collection name, or the collection an alias points at.
    func resolve(_ name: String) -> String {
        aliases.withLock { $0[name] } ?? name
    }

    /// Creates (`replace` false) or re-points (`replace` true) an alias.
    package func setAlias(_ alias: String, collection: String, replace: Bool) async throws {
        try await namespace.run { try setAliasNow(alias, collection: collection, replace: replace) }
    }

    private func setAliasNow(_ alias: String, collection: String, replace: Bool) throws {
        try checkOpen()
        try CollectionSchema.validateName(alias, what: "alias")
        let writer = try self.collection(named: collection)
        guard writers.withLock({ $0[alias] }) == nil else {
            throw QuiverError(.alreadyExists, "alias '\(alias)' is the name of a collection")
        }
        let exists = aliases.withLock { $0[alias] } != nil
        if replace, !exists { throw QuiverError(.notFound, "alias '\(alias)' does not exist") }
        if !replace, exists { throw QuiverError(.alreadyExists, "alias '\(alias)' already exists") }
        do {
            try catalog.setAlias(alias, collectionID: writer.collectionID, replace: replace)
        } catch {
            throw QuiverError(.io, "recording alias '\(alias)': \(error)")
        }
        aliases.withLock { $0[alias] = writer.name }
    }

    package func dropAlias(_ alias: String) async throws {
        try await namespace.run { try dropAliasNow(alias) }
    }

    private func dropAliasNow(_ alias: String) throws {
        try checkOpen()
        guard aliases.withLock({ $0[alias] }) != nil else { throw QuiverError(.notFound, "alias '\(alias.prefix(255))' does not exist") }
        do {
            try catalog.dropAlias(alias)
        } catch {
            throw QuiverError(.io, "dropping alias '\(alias)': \(error)")
        }
        aliases.withLock { _ = $0.removeValue(forKey: alias) }
    }

    /// The collection an alias points at.
    package func aliasTarget(_ alias: String) throws -> String {
        try checkOpen()
        guard let target = aliases.withLock({ $0[alias] }) else { throw QuiverError(.notFound, "alias '\(alias.prefix(255))' does not exist") }
        return target
    }

    /// Aliases, all or those of one collection, sorted.
    package func aliasNames(collection: String?) throws -> [String] {
        try checkOpen()
        let target = try collection.map { try self.collection(named: $0).name }
        return aliases.withLock { map in map.filter { target == nil || $0.value == target }.keys.sorted() }
    }

    package func renameCollection(_ name: String, to newName: String) async throws {
        try await namespace.run { try renameCollectionNow(name, to: newName) }
    }

    private func renameCollectionNow(_ name: String, to newName: String) throws {
        try checkOpen()
        try CollectionSchema.validateName(newName, what: "collection name")
        let writer = try collection(named: name)
        let oldName = writer.name
        guard writers.withLock({ $0[newName] }) == nil, aliases.withLock({ $0[newName] }) == nil else {
            throw QuiverError(.alreadyExists, "collection or alias '\(newName)' already exists")
        }
        do {
            try catalog.renameCollection(id: writer.collectionID, to: newName)
        } catch {
            throw QuiverError(.io, "renaming collection '\(oldName)': \(error)")
        }
        writers.withLock { $0[newName] = $0.removeValue(forKey: oldName) }
        compactors.withLock { $0[newName] = $0.removeValue(forKey: oldName) }
        aliases.withLock { map in
            for (alias, target) in map where target == oldName { map[alias] = newName }
        }
        writer.rename(to: newName)
    }
}
