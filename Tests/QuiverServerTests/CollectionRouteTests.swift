// collections/*, indexes/* and aliases/* through the in-process router.

import Quiver
@testable import QuiverServer
import Testing

@Suite struct CollectionRouteTests {
    @Test func quickCreateMakesKeyVectorDynamicFieldAndCosineAutoIndex() async throws {
        try await RouterHarness.withServer { api, _ in
            try await api.ok("collections/create", #"{"collectionName":"docs","dimension":8}"#)
            let list = try await api.ok("collections/list", nil)
            #expect(list.dataArray == [.string("docs")])
            let described = try await api.ok("collections/describe", #"{"collectionName":"docs"}"#).dataObject
            #expect(described["enableDynamicField"] == .bool(true))
            #expect(described["load"] == .string("LoadStateLoaded"))
            let fields = try #require(described["fields"]?.arrayValue)
            #expect(fields.map { $0.objectValue?["name"] } == [.string("id"), .string("vector")])
            #expect(fields[0].objectValue?["type"] == .string("Int64"))
            #expect(fields[0].objectValue?["primaryKey"] == .bool(true))
            let dim = fields[1].objectValue?["params"]?.arrayValue?.first?.objectValue
            #expect(dim == ["key": .string("dim"), "value": .string("8")])
            let indexes = try #require(described["indexes"]?.arrayValue)
            #expect(indexes.first?.objectValue?["metricType"] == .string("COSINE"))
            let indexNames = try await api.ok("indexes/list", #"{"collectionName":"docs"}"#)
            #expect(indexNames.dataArray == [.string("vector")])
            let index = try await api.ok("indexes/describe", #"{"collectionName":"docs","indexName":"vector"}"#).dataArray
            #expect(index.first?.objectValue?["indexType"] == .string("HNSW_SQ"))
            #expect(index.first?.objectValue?["indexState"] == .string("Finished"))
            let state = try await api.ok("collections/get_load_state", #"{"collectionName":"docs"}"#).dataObject
            #expect(state["loadState"] == .string("LoadStateLoaded"))
        }
    }

    @Test func quickCreateWithVarCharKeysAndCustomNames() async throws {
        try await RouterHarness.withServer { api, database in
            try await api.ok("collections/create", #"{"collectionName":"c","dimension":4,"idType":"VarChar","params":{"max_length":"32"},"primaryFieldName":"pk","vectorFieldName":"emb","metricType":"L2"}"#)
            let schema = try database.collection("c").schema
            #expect(schema.primaryKeyField == .varCharPrimaryKey("pk", maxLength: 32))
            #expect(schema.field(named: "emb")?.metric == .l2)
        }
    }

    @Test func schemaCreateWithIndexParamsBuildsTheNamedIndex() async throws {
        try await RouterHarness.withServer { api, database in
            try await api.ok("collections/create", """
            {"collectionName":"books","schema":{"autoID":false,"enableDynamicField":false,"fields":[
              {"fieldName":"book_id","dataType":"Int64","isPrimary":true},
              {"fieldName":"title","dataType":"VarChar","elementTypeParams":{"max_length":"128"}},
              {"fieldName":"year","dataType":"Int32","nullable":true},
              {"fieldName":"tags","dataType":"Array","elementDataType":"VarChar","elementTypeParams":{"max_capacity":4,"max_length":16}},
              {"fieldName":"meta","dataType":"JSON"},
              {"fieldName":"embedding","dataType":"FloatVector","elementTypeParams":{"dim":"4"}}]},
             "indexParams":[{"fieldName":"embedding","indexName":"emb_idx","metricType":"IP","indexType":"IVF_FLAT","params":{"nlist":"8"}}]}
            """)
            let schema = try database.collection("books").schema
            #expect(schema.fields.map(\.name) == ["book_id", "title", "year", "tags", "meta", "embedding"])
            #expect(schema.field(named: "title")?.maxLength == 128)
            #expect(schema.field(named: "tags")?.elementType == .varChar)
            #expect(schema.field(named: "embedding")?.metric == .innerProduct)
            let index = try await api.ok("indexes/describe", #"{"collectionName":"books","indexName":"emb_idx"}"#).dataArray
            #expect(index.first?.objectValue?["indexType"] == .string("IVF_FLAT"))
            #expect(index.first?.objectValue?["params"] == .object(["nlist": .int(8)]))
            try await api.ok("indexes/drop", #"{"collectionName":"books","indexName":"emb_idx"}"#)
            #expect(try await api.ok("indexes/list", #"{"collectionName":"books"}"#).dataArray == [])
            try await api.ok("indexes/create", #"{"collectionName":"books","indexParams":[{"fieldName":"embedding","metricType":"IP","indexType":"HNSW","params":{"M":8,"efConstruction":64}}]}"#)
            #expect(try await api.ok("indexes/list", #"{"collectionName":"books"}"#).dataArray == [.string("embedding")])

            // Scalar indexes: STL_SORT on an integer, AUTOINDEX (INVERTED) on a string; refused on
            // JSON (701, naming the field), on the primary key, and for a vector type on a scalar.
            try await api.ok("indexes/create", #"{"collectionName":"books","indexParams":[{"fieldName":"year","indexName":"year_idx","indexType":"STL_SORT"}]}"#)
            try await api.ok("indexes/create", #"{"collectionName":"books","indexParams":[{"fieldName":"title","indexType":"AUTOINDEX"}]}"#)
            let year = try await api.ok("indexes/describe", #"{"collectionName":"books","indexName":"year_idx"}"#).dataArray
            #expect(year.first?.objectValue?["indexType"] == .string("STL_SORT"))
            #expect(year.first?.objectValue?["metricType"] == .string(""))
            let title = try await api.ok("indexes/describe", #"{"collectionName":"books","indexName":"title"}"#).dataArray
            #expect(title.first?.objectValue?["indexType"] == .string("INVERTED"))
            for (field, type, fragment) in [("meta", "INVERTED", "meta"), ("book_id", "STL_SORT", "primary key"), ("year", "HNSW", "HNSW")] {
                let reply = try await api.call("indexes/create", #"{"collectionName":"books","indexParams":[{"fieldName":"\#(field)","indexType":"\#(type)"}]}"#)
                #expect(reply.code == 701, "\(field) \(type): \(reply.message)")
                #expect(reply.message.contains(fragment), "\(reply.message)")
            }
            #expect(try await api.ok("indexes/list", #"{"collectionName":"books"}"#).dataArray.count == 3)
        }
    }

    @Test func aFailedIndexLeavesNoCollectionBehind() async throws {
        try await RouterHarness.withServer { api, _ in
            let reply = try await api.call("collections/create", """
            {"collectionName":"bad","schema":{"fields":[{"fieldName":"id","dataType":"Int64","isPrimary":true},
              {"fieldName":"v","dataType":"FloatVector","elementTypeParams":{"dim":4}}]},
             "indexParams":[{"fieldName":"v","metricType":"L2","indexType":"HNSW","params":{"M":1}}]}
            """)
            #expect(reply.code == 1100)
            #expect(reply.message.contains("M"))
            #expect(try await api.ok("collections/has", #"{"collectionName":"bad"}"#).dataObject["has"] == .bool(false))
        }
    }

    @Test func hnswSQTakesMilvusWordsShowsThemBackAndRefusesWhatIsNotBuilt() async throws {
        try await RouterHarness.withServer { api, _ in
            try await api.ok("collections/create", #"{"collectionName":"sq","schema":{"fields":[{"fieldName":"id","dataType":"Int64","isPrimary":true},{"fieldName":"vector","dataType":"FloatVector","elementTypeParams":{"dim":4}}]},"indexParams":[{"fieldName":"vector","metricType":"L2","indexType":"HNSW_SQ","params":{"M":8,"efConstruction":32,"sq_type":"SQ8","refine":true,"refine_type":"FP32"}}]}"#)
            let index = try await api.ok("indexes/describe", #"{"collectionName":"sq","indexName":"vector"}"#).dataArray
            #expect(index.first?.objectValue?["indexType"] == .string("HNSW_SQ"))
            #expect(index.first?.objectValue?["params"] == .object(["M": .int(8), "efConstruction": .int(32), "refine": .bool(true),
                                                                     "refine_type": .string("FP32"), "sq_type": .string("SQ8")]))
            try await api.ok("entities/insert", #"{"collectionName":"sq","data":[{"id":1,"vector":[1,0,0,0]},{"id":2,"vector":[0,1,0,0]}]}"#)
            let hits = try await api.ok("entities/search", #"{"collectionName":"sq","data":[[0.9,0.1,0,0]],"limit":1}"#).dataArray
            #expect(hits.first?.objectValue?["id"] == .int(1))
            for (params, fragment) in [(#"{"sq_type":"SQ6"}"#, "sq_type = SQ6"), (#"{"sq_type":"PQ"}"#, "params.sq_type = 'PQ'"),
                                       (#"{"refine_type":"FP16"}"#, "refine_type = FP16")] {
                let reply = try await api.call("collections/create", #"{"collectionName":"bad","schema":{"fields":[{"fieldName":"id","dataType":"Int64","isPrimary":true},{"fieldName":"vector","dataType":"FloatVector","elementTypeParams":{"dim":4}}]},"indexParams":[{"fieldName":"vector","metricType":"L2","indexType":"HNSW_SQ","params":\#(params)}]}"#)
                #expect(reply.code != 0 && reply.message.contains(fragment), "\(params): \(reply.code) \(reply.message)")
            }
            #expect(try await api.ok("collections/has", #"{"collectionName":"bad"}"#).dataObject["has"] == .bool(false))
        }
    }

    @Test func dropRenameLoadReleaseAndAliases() async throws {
        try await RouterHarness.withServer { api, _ in
            try await api.ok("collections/create", #"{"collectionName":"a","dimension":4}"#)
            try await api.ok("collections/rename", #"{"collectionName":"a","newCollectionName":"b"}"#)
            #expect(try await api.ok("collections/list", nil).dataArray == [.string("b")])
            try await api.ok("collections/release", #"{"collectionName":"b"}"#)
            #expect(try await api.ok("collections/get_load_state", #"{"collectionName":"b"}"#).dataObject["loadState"] == .string("LoadStateNotLoad"))
            let released = try await api.call("entities/search", #"{"collectionName":"b","data":[[1,2,3,4]]}"#)
            #expect(released.code == 101)
            try await api.ok("collections/load", #"{"collectionName":"b"}"#)

            try await api.ok("aliases/create", #"{"collectionName":"b","aliasName":"current"}"#)
            #expect(try await api.call("aliases/create", #"{"collectionName":"b","aliasName":"current"}"#).code == 1602)
            #expect(try await api.call("aliases/create", #"{"collectionName":"b","aliasName":"b"}"#).code == 1601)
            let described = try await api.ok("aliases/describe", #"{"aliasName":"current"}"#).dataObject
            #expect(described["collectionName"] == .string("b"))
            #expect(try await api.ok("aliases/list", nil).dataArray == [.string("current")])
            #expect(try await api.ok("collections/describe", #"{"collectionName":"current"}"#).dataObject["aliases"] == .array([.string("current")]))
            try await api.ok("entities/insert", #"{"collectionName":"current","data":[{"id":1,"vector":[1,2,3,4]}]}"#)
            #expect(try await api.ok("collections/get_stats", #"{"collectionName":"b"}"#).dataObject["rowCount"] == .int(1))
            #expect(try await api.call("collections/drop", #"{"collectionName":"current"}"#).code == 1100)
            try await api.ok("collections/create", #"{"collectionName":"c","dimension":4}"#)
            try await api.ok("aliases/alter", #"{"collectionName":"c","aliasName":"current"}"#)
            #expect(try await api.ok("aliases/describe", #"{"aliasName":"current"}"#).dataObject["collectionName"] == .string("c"))
            #expect(try await api.call("aliases/alter", #"{"collectionName":"c","aliasName":"nope"}"#).code == 1600)
            try await api.ok("aliases/drop", #"{"aliasName":"current"}"#)
            #expect(try await api.call("aliases/describe", #"{"aliasName":"current"}"#).code == 1600)
            try await api.ok("collections/drop", #"{"collectionName":"b"}"#)
            try await api.ok("collections/drop", #"{"collectionName":"b"}"#)   // idempotent
            #expect(try await api.ok("collections/list", nil).dataArray == [.string("c")])
        }
    }

    @Test func flushCompactAndCompactionState() async throws {
        try await RouterHarness.withServer { api, database in
            try await api.ok("collections/create", #"{"collectionName":"c","dimension":4}"#)
            try await api.ok("entities/insert", #"{"collectionName":"c","data":[{"id":1,"vector":[1,2,3,4]},{"id":2,"vector":[2,3,4,5]}]}"#)
            try await api.ok("collections/flush", #"{"collectionName":"c"}"#)
            #expect(try await database.collection("c").statistics().segmentCount == 1)
            try await api.ok("entities/delete", #"{"collectionName":"c","id":[1]}"#)
            try await api.ok("collections/flush", #"{"collectionName":"c"}"#)
            try await api.ok("collections/compact", #"{"collectionName":"c"}"#)
            let state = try await api.ok("collections/get_compaction_state", #"{"collectionName":"c"}"#).dataObject
            #expect(state["state"] == .string("Completed"))
            #expect(try await database.collection("c").statistics().deletedRowCount == 0)
            #expect(try await api.ok("collections/get_stats", #"{"collectionName":"c"}"#).dataObject["rowCount"] == .int(1))
        }
    }

    @Test func partitionsScopeWritesAndReads() async throws {
        try await RouterHarness.withServer { api, _ in
            try await api.ok("collections/create", #"{"collectionName":"c","dimension":2,"metricType":"L2"}"#)
            try await api.ok("partitions/create", #"{"collectionName":"c","partitionName":"p1"}"#)
            #expect(try await api.call("partitions/create", #"{"collectionName":"c","partitionName":"p1"}"#).code == 1100)
            #expect(try await api.ok("partitions/list", #"{"collectionName":"c"}"#).dataArray == [.string("_default"), .string("p1")])
            #expect(try await api.ok("partitions/has", #"{"collectionName":"c","partitionName":"p1"}"#).dataObject["has"] == .bool(true))
            try await api.ok("entities/insert", #"{"collectionName":"c","partitionName":"p1","data":[{"id":1,"vector":[1,0]},{"id":2,"vector":[0,1]}]}"#)
            try await api.ok("entities/insert", #"{"collectionName":"c","data":[{"id":3,"vector":[1,0]}]}"#)
            #expect(try await api.call("entities/insert", #"{"collectionName":"c","partitionName":"nope","data":[{"id":4,"vector":[1,0]}]}"#).code == 200)
            #expect(try await api.ok("partitions/get_stats", #"{"collectionName":"c","partitionName":"p1"}"#).dataObject["rowCount"] == .int(2))
            #expect(try await api.call("partitions/get_stats", #"{"collectionName":"c","partitionName":"nope"}"#).code == 200)

            let scoped = try await api.ok("entities/search", #"{"collectionName":"c","data":[[1,0]],"partitionNames":["_default"]}"#)
            #expect(scoped.dataArray.map { $0.objectValue?["id"] } == [.int(3)])
            let counted = try await api.ok("entities/query", #"{"collectionName":"c","outputFields":["count(*)"],"partitionNames":["p1"]}"#)
            #expect(counted.dataArray == [.object(["count(*)": .int(2)])])
            let got = try await api.ok("entities/get", #"{"collectionName":"c","id":[1,3],"partitionNames":["p1"],"outputFields":["id"]}"#)
            #expect(got.dataArray == [.object(["id": .int(1)])])
            #expect(try await api.call("entities/query", #"{"collectionName":"c","partitionNames":["nope"]}"#).code == 200)
            let deleted = try await api.ok("entities/delete", #"{"collectionName":"c","partitionName":"_default","id":[1,3]}"#)
            #expect(deleted.dataObject["deleteCount"] == .int(1))
            try await api.ok("partitions/drop", #"{"collectionName":"c","partitionName":"p1"}"#)
            #expect(try await api.ok("collections/get_stats", #"{"collectionName":"c"}"#).dataObject["rowCount"] == .int(0))
            #expect(try await api.call("partitions/drop", #"{"collectionName":"c","partitionName":"_default"}"#).code == 1100)
        }
    }
}
