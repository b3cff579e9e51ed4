// Catalog+Aliases: alternative names of collections, and renaming. An alias and a collection
// never share a name (checked by the caller, which knows both namespaces); dropping a collection
// drops its aliases.
// Ownership: Catalog's package API; thread-safe through Catalog's Mutex.

extension Catalog {
    /// Every alias with the id of its collection, ordered by alias.
    package func aliases() throws -> [(alias: String, collectionID: Int64)] {
        try read { connection in
            try connection.rows("SELECT alias, collection_id FROM aliases ORDER BY alias") { ($0.text(at: 0), $0.int64(at: 1)) }
        }
    }

    /// Creates (`replace` false: `.constraint` if it exists) or re-points (`replace` true:
    /// `.notFound` if it does not exist) an alias.
    package func setAlias(_ alias: String, collectionID: Int64, replace: Bool) throws {
        try write { connection in
            let exists = try connection.rows("SELECT COUNT(*) FROM aliases WHERE alias = ?", [.text(alias)]) { $0.int64(at: 0) }
            if replace {
                guard exists.first == 1 else { throw CatalogError(.notFound, "\(connection.filePath): no alias '\(alias)'") }
                try connection.run("UPDATE aliases SET collection_id = ? WHERE alias = ?", [.integer(collectionID), .text(alias)])
            } else {
                guard exists.first == 0 else { throw CatalogError(.constraint, "\(connection.filePath): alias '\(alias)' exists") }
                try connection.run("INSERT INTO aliases(alias, collection_id) VALUES (?, ?)", [.text(alias), .integer(collectionID)])
            }
        }
    }

    package func dropAlias(_ alias: String) throws {
        try write { connection in
            let removed = try connection.run("DELETE FROM aliases WHERE alias = ?", [.text(alias)])
            guard removed == 1 else { throw CatalogError(.notFound, "\(connection.filePath): no alias '\(alias)'") }
        }
    }

    /// Renames a collection; `.constraint` if the new name is taken.
    package func renameCollection(id: Int64, to newName: String) throws {
        try write { connection in
            let taken = try connection.rows("SELECT COUNT(*) FROM collections WHERE name = ?", [.text(newName)]) { $0.int64(at: 0) }
            guard taken.first == 0 else { throw CatalogError(.constraint, "\(connection.filePath): collection '\(newName)' exists") }
            let changed = try connection.run("UPDATE collections SET name = ? WHERE id = ?", [.text(newName), .integer(id)])
            guard changed == 1 else { throw CatalogError(.notFound, "\(connection.filePath): no collection with id \(id)") }
        }
    }
}
