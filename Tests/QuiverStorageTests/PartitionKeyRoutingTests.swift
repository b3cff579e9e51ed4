// PartitionKeyRouting pins: where a key value goes must never change between processes or
// releases (rows stay where they were routed, on disk). The expected ids below were computed
// once from the documented rule (MurmurHash3_x86_32 seed 0 of the canonical bytes, modulo N,
// plus 1) with an independent implementation; a failure means stored data would be misrouted.

import QuiverStorage
import Testing

private func routing(_ type: DataType, partitions: Int?) -> PartitionKeyRouting {
    let key = type == .varChar ? FieldSchema(name: "k", dataType: .varChar, maxLength: 64, isPartitionKey: true)
                               : FieldSchema(name: "k", dataType: .int64, isPartitionKey: true)
    let schema = CollectionSchema(fields: [.int64PrimaryKey("id"), .floatVector("v", dimension: 2), key],
                                  hashPartitionCount: partitions)
    return PartitionKeyRouting(schema: schema)!
}

@Test func integerKeysGoWhereTheWrittenRuleSays() {
    let sixteen = routing(.int64, partitions: nil)
    #expect(sixteen.partitionCount == 16)
    #expect([0, 1, 7, -1, 1 << 40].map { sixteen.partitionID(ofInteger: $0) } == [13, 5, 4, 9, 3])
    let four = routing(.int64, partitions: 4)
    #expect((0..<12).map { four.partitionID(ofInteger: Int64($0)) } == [1, 1, 1, 4, 3, 4, 2, 4, 4, 4, 1, 4])
    #expect(four.partitionID(of: .int(7)) == four.partitionID(ofInteger: 7))
}

@Test func stringKeysGoWhereTheWrittenRuleSaysInNFC() {
    let sixteen = routing(.varChar, partitions: nil)
    #expect(["", "a", "tenant-1", "\u{e9}"].map { sixteen.partitionID(ofString: $0) } == [1, 3, 6, 8])
    // A filter treats canonically equivalent spellings as equal, so they must share a partition.
    #expect(sixteen.partitionID(ofString: "e\u{301}") == sixteen.partitionID(ofString: "\u{e9}"))
    #expect(sixteen.partitionID(of: .string("a")) == 3)
}

@Test func hiddenPartitionsAreNamedByBucket() {
    let partitions = routing(.int64, partitions: 3).partitions
    #expect(partitions == ["_default_0": 1, "_default_1": 2, "_default_2": 3])
    #expect(PartitionKeyRouting(schema: .simple(dimension: 2)) == nil)
}
