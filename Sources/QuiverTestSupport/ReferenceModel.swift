// ReferenceModel: what a collection must hold after a sequence of acknowledged writes, kept as a
// plain dictionary from primary key to row (the model a crash or behaviour test checks against).
// Rules (the database's): an insert applies every row or none, and none when a key is stored or
// repeated in the batch; an upsert replaces each row with its key; a delete removes the keys that are
// stored and reports how many; a later write always wins over an earlier delete.
// Invariants: every stored row holds its own key under `keyField`.
// Ownership: a value type; each test owns its copy.

import Quiver

public struct ReferenceModel: Sendable, Equatable {
    /// The primary key field's name in rows.
    public let keyField: String
    public private(set) var rows: [PrimaryKey: Row] = [:]

    public init(keyField: String = "id") {
        self.keyField = keyField
    }

    public var count: Int { rows.count }

    /// Stored keys in ascending order.
    public var ids: [PrimaryKey] { rows.keys.sorted() }

    public subscript(id: PrimaryKey) -> Row? { rows[id] }

    /// The key a row carries under `keyField`; traps when it has none (a bug in the test).
    public func key(of row: Row) -> PrimaryKey {
        switch row[keyField] {
        case .int(let value)?: return .int(value)
        case .string(let value)?: return .string(value)
        default: preconditionFailure("row has no primary key under '\(keyField)'")
        }
    }

    /// Applies an insert; false (and nothing applied) when a key is stored or repeated.
    @discardableResult
    public mutating func insert(_ batch: [Row]) -> Bool {
        let keys = batch.map(key(of:))
        guard Set(keys).count == keys.count, !keys.contains(where: { rows[$0] != nil }) else { return false }
        for (key, row) in zip(keys, batch) { rows[key] = row }
        return true
    }

    /// Applies an insert of vectors into the float vector field `vectorField`.
    @discardableResult
    public mutating func insert(ids: [PrimaryKey], vectors: [[Float]], vectorField: String = "vector") -> Bool {
        precondition(ids.count == vectors.count, "\(ids.count) ids for \(vectors.count) vectors")
        return insert(zip(ids, vectors).map { [keyField: $0.fieldValue, vectorField: .floatVector($1)] })
    }

    /// Applies an upsert: each row replaces whatever its key held.
    public mutating func upsert(_ batch: [Row]) {
        for row in batch { rows[key(of: row)] = row }
    }

    /// Applies a delete; returns how many of the keys were stored.
    @discardableResult
    public mutating func delete(ids: [PrimaryKey]) -> Int {
        Set(ids).reduce(0) { total, key in total + (rows.removeValue(forKey: key) == nil ? 0 : 1) }
    }

    /// Stored keys (ascending) with their float vectors in `field`: the base for BruteForceOracle.
    public func floatVectors(field: String = "vector") -> (ids: [PrimaryKey], vectors: [[Float]]) {
        let keys = ids
        return (keys, keys.map { key in
            guard case .floatVector(let vector)? = rows[key]?[field] else {
                preconditionFailure("row \(key) has no float vector in '\(field)'")
            }
            return vector
        })
    }

    /// Stored keys (ascending) with their packed binary vectors in `field`.
    public func binaryVectors(field: String = "vector") -> (ids: [PrimaryKey], vectors: [[UInt8]]) {
        let keys = ids
        return (keys, keys.map { key in
            guard case .binaryVector(let vector)? = rows[key]?[field] else {
                preconditionFailure("row \(key) has no binary vector in '\(field)'")
            }
            return vector
        })
    }
}
