// A partition-key collection over REST v2: `"isPartitionKey": true` and `params.partitionsNum` on
// collections/create, what describe and partitions/list report, rows found by a pinned filter,
// and the refusals (manual partitions, partitionName on insert, two keys) that change nothing.

import Quiver
@testable import QuiverServer
import Testing

@Suite struct PartitionKeyRouteTests {
    static let create = """
        {"collectionName":"t","params":{"partitionsNum":4},"schema":{"autoID":false,"fields":[
          {"fieldName":"id","dataType":"Int64","isPrimary":true},
          {"fieldName":"tenant","dataType":"VarChar","isPartitionKey":true,"elementTypeParams":{"max_length":"16"}},
          {"fieldName":"vector","dataType":"FloatVector","elementTypeParams":{"dim":"2"}}]}}
        """

    @Test func partitionKeyCollectionsRouteRowsAndRefuseManualPartitions() async throws {
        try await RouterHarness.withServer { api, database in
            try await api.ok("collections/create", Self.create)
            #expect(try database.collection("t").schema.partitionKeyField?.name == "tenant")
            let described = try await api.ok("collections/describe", #"{"collectionName":"t"}"#).dataObject
            #expect(described["partitionsNum"] == .int(4))
            let fields = try #require(described["fields"]?.arrayValue)
            #expect(fields.map { $0.objectValue?["partitionKey"] } == [.bool(false), .bool(true), .bool(false)])
            let partitions = try await api.ok("partitions/list", #"{"collectionName":"t"}"#).dataArray
            #expect(partitions == (0..<4).map { .string("_default_\($0)") })

            let rows = (0..<12).map { #"{"id":\#($0),"tenant":"t\#($0 % 3)","vector":[\#($0),1]}"# }.joined(separator: ",")
            try await api.ok("entities/insert", #"{"collectionName":"t","data":[\#(rows)]}"#)
            let t1 = try await api.ok("entities/query", #"{"collectionName":"t","filter":"tenant == \"t1\"","outputFields":["id"]}"#)
            #expect(Set(t1.dataArray.compactMap { $0.objectValue?["id"]?.intValue }) == [1, 4, 7, 10])

            let manual = try await api.call("partitions/create", #"{"collectionName":"t","partitionName":"p"}"#)
            #expect(manual.code != 0 && manual.message.contains("partition key field 'tenant'"), "\(manual.message)")
            let named = try await api.call("entities/insert", #"{"collectionName":"t","partitionName":"_default_0","data":[{"id":50,"tenant":"x","vector":[0,0]}]}"#)
            #expect(named.code != 0 && named.message.contains("partition key field 'tenant'"), "\(named.message)")
            let count = try await api.ok("entities/query", #"{"collectionName":"t","filter":"","outputFields":["count(*)"]}"#)
            #expect(count.dataArray.first?.objectValue?["count(*)"] == .int(12))
        }
    }

    @Test func twoPartitionKeysAreAnIllegalSchema() async throws {
        try await RouterHarness.withServer { api, database in
            let reply = try await api.call("collections/create", """
                {"collectionName":"t","schema":{"fields":[
                  {"fieldName":"id","dataType":"Int64","isPrimary":true},
                  {"fieldName":"a","dataType":"Int64","isPartitionKey":true},
                  {"fieldName":"b","dataType":"Int64","isPartitionKey":true},
                  {"fieldName":"vector","dataType":"FloatVector","elementTypeParams":{"dim":"2"}}]}}
                """)
            #expect(reply.code == 105 && reply.message.contains("at most 1 partition-key field"), "\(reply.message)")
            #expect(try database.listCollections().isEmpty)
        }
    }
}
