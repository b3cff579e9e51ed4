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

    public func dropAlias(_ alias: String) async throws { try await engine.dropAlias(alias) }

    /// The collection the alias points at.
    public func describeAlias(_ alias: String) throws -> String { try engine.aliasTarget(alias) }

    /// Aliases, all of them or those of one collection.
    public func listAliases(collection: String? = nil) throws -> [String] { try engine.aliasNames(collection: collection) }

    public func renameCollection(_ name: String, to newName: String) async throws {
        try await engine.renameCollection(name, to: newName)
    }
}

extension Collection {
    /// Milvus's load state: true unless `release()` was called. Searches, queries and gets of a
    /// released collection throw `.notLoaded`; writes still work.
    public var isLoaded: Bool { writer.versions.isLoaded }

    public func load() { writer.versions.setLoaded(true) }

    public func release() { writer.versions.setLoaded(false) }
}
