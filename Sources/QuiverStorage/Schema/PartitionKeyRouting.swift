// PartitionKeyRouting: where a row of a partition-key collection lives. The key field's value is
// turned into canonical bytes, hashed with MurmurHash3_x86_32 (seed 0), and the hash modulo the
// collection's hashPartitionCount N picks bucket b; the row goes to hidden partition id b + 1,
// named `_default_<b>` (Milvus's names). `_default` (id 0) holds no rows in such a collection.
// Canonical bytes (written down because rows stay where they were routed, on disk, forever):
//   Int64    8 bytes, two's complement, little-endian          (7 -> 07 00 00 00 00 00 00 00)
//   VarChar  the UTF-8 bytes of the value in Unicode NFC       ("e\u{301}" hashes as "\u{e9}")
// NFC because filters compare strings as Swift does (canonical equivalence): two spellings a
// filter treats as equal must land in one partition, or pruning would miss rows.
// Invariants: a pure function of (value, N): the same in every process and release (never
// Swift's Hasher); the hidden partitions are derived from the schema, not stored in the catalog.
// Ownership: an immutable value; safe from any thread.

import Foundation
import QuiverKernels

package struct PartitionKeyRouting: Sendable {
    package let fieldName: String
    package let partitionCount: Int

    package init?(schema: CollectionSchema) {
        guard let field = schema.partitionKeyField else { return nil }
        fieldName = field.name
        partitionCount = schema.hashPartitionCount ?? CollectionSchema.defaultHashPartitionCount
    }

    /// The hidden partitions, name to id: `_default_0` is 1, ..., `_default_<N-1>` is N.
    package var partitions: [String: Int64] {
        Dictionary(uniqueKeysWithValues: (0..<partitionCount).map { (Self.partitionName(bucket: $0), Int64($0) + 1) })
    }

    package static func partitionName(bucket: Int) -> String { "_default_\(bucket)" }

    /// The partition id of a row whose key field holds `value` (canonical: .int or .string).
    package func partitionID(of value: FieldValue) -> Int64 {
        switch value {
        case .int(let number): partitionID(ofInteger: number)
        case .string(let text): partitionID(ofString: text)
        default: preconditionFailure("a validated partition key is Int64 or VarChar, got \(value.kindName)")
        }
    }

    package func partitionID(ofInteger value: Int64) -> Int64 {
        bucketPartitionID(Murmur3.hash32(Self.canonicalBytes(of: value)))
    }

    package func partitionID(ofString value: String) -> Int64 {
        bucketPartitionID(Murmur3.hash32(Self.canonicalBytes(of: value)))
    }

    private func bucketPartitionID(_ hash: UInt32) -> Int64 {
        Int64(hash % UInt32(partitionCount)) + 1
    }

    static func canonicalBytes(of value: Int64) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    static func canonicalBytes(of value: String) -> [UInt8] {
        if value.utf8.allSatisfy({ $0 < 0x80 }) { return Array(value.utf8) }   // ASCII is already NFC
        return Array(value.precomposedStringWithCanonicalMapping.utf8)
    }
}
