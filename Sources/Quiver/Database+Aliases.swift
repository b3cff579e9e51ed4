// Aliases and renames: another name for a collection (re-pointable, e.g. to swap a rebuilt
// collection in without clients noticing), and renaming a collection in place. Every call that
// takes a collection name also accepts an alias.

import QuiverStorage

extension Database {
    /// Creates an alias; fails with `.alreadyExists` if it exists or names a collection.
    public func createAlias(_ alias: String, for collection: String) async throws {
        try await engine.setAlias(alias, collection: collection, replace: false)
    }

    /// Points an existing alias at another collection.
    public func alterAlias(_ alias: String, for collection: String) async throws {
        try await engine.setAlias(alias, collection: collection, replace: true)
    }

    /// Drops an alias (the collection stays); `.notFound` if there is no such alias.
    public func dropAlias(_ alias: String) async throws { try await engine.dropAlias(alias) }

    /// The collection the alias points at.
    public func describeAlias(_ alias: String) throws -> String { try engine.aliasTarget(alias) }

    /// Aliases, all of them or those of one collection.
    public func listAliases(collection: String? = nil) throws -> [String] { try engine.aliasNames(collection: collection) }

    /// Renames a collection in place; its aliases follow it. `.alreadyExists` if `newName` is
    /// taken by a collection or an alias.
    public func renameCollection(_ name: String, to newName: String) async throws {
        try await engine.renameCollection(name, to: newName)
    }
}

extension Collection {
    /// Milvus's load state: true unless `release()` was called. Searches, queries and gets of a
    /// released collection throw `.notLoaded`; writes still work.
    public var isLoaded: Bool { writer.versions.isLoaded }

    /// Makes the collection readable again after `release()` (every partition loaded).
    public func load() { writer.versions.setLoaded(true) }

    /// Stops reads (search, query, count, get answer `.notLoaded`) until `load()`; writes go on.
    public func release() { writer.versions.setLoaded(false) }
}
