// The gRPC MilvusService driven as pymilvus drives it (the quick start's RPC sequence), through
// the in-process transport: replies carry what the client reads, errors travel in Status with
// REST's codes and messages, and a refused request stores nothing.

import Foundation
import GRPCCore
import GRPCProtobuf
import QuiverGRPC
@testable import QuiverServer
import Testing

@Suite struct GRPCServiceTests {
    static let vectors: [[Float]] = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]]

    /// CreateCollection, CreateIndex, DescribeIndex, LoadCollection as create_collection sends them.
    static func createDocs(_ client: MilvusClient) async throws {
        var create = Milvus_Proto_Milvus_CreateCollectionRequest()
        create.collectionName = "docs"
        create.schema = try GRPCHarness.schema([GRPCHarness.field("id", .int64, primary: true),
                                                GRPCHarness.field("vector", .floatVector, params: ["dim": "4"])], dynamic: true)
        create.consistencyLevel = .bounded
        let created = try await client.createCollection(create)
        #expect(created.code == 0 && created.errorCode == .success, "\(created.reason)")
        var index = Milvus_Proto_Milvus_CreateIndexRequest()
        index.collectionName = "docs"
        index.fieldName = "vector"
        index.extraParams = [GRPCHarness.pair("metric_type", "L2"), GRPCHarness.pair("index_type", "HNSW"),
                             GRPCHarness.pair("params", #"{"M": 8, "efConstruction": "64"}"#)]
        let indexed = try await client.createIndex(index)
        #expect(indexed.code == 0, "\(indexed.reason)")
        var load = Milvus_Proto_Milvus_LoadCollectionRequest()
        load.collectionName = "docs"
        #expect(try await client.loadCollection(load).code == 0)
    }

    static func insertDocs(_ client: MilvusClient) async throws -> Milvus_Proto_Milvus_MutationResult {
        var insert = Milvus_Proto_Milvus_InsertRequest()
        insert.collectionName = "docs"
        insert.numRows = 3
        insert.fieldsData = [GRPCHarness.longColumn("id", [1, 2, 3]), GRPCHarness.vectorColumn("vector", vectors),
                             GRPCHarness.dynamicColumn([#"{"color":"red"}"#, #"{"color":"blue","n":2}"#, "{}"])]
        return try await client.insert(insert)
    }

    static func count(_ client: MilvusClient) async throws -> Int64 {
        var query = Milvus_Proto_Milvus_QueryRequest()
        query.collectionName = "docs"
        query.outputFields = ["count(*)"]
        let reply = try await client.query(query)
        #expect(reply.status.code == 0, "\(reply.status.reason)")
        return reply.fieldsData.first?.scalars.longData.data.first ?? -1
    }

    @Test func theQuickStartSequenceWorksEndToEnd() async throws {
        try await GRPCHarness.withService { client, _ in
            let connected = try await client.connect(Milvus_Proto_Milvus_ConnectRequest())
            #expect(connected.status.code == 0 && connected.identifier != 0)
            try await Self.createDocs(client)

            var describeIndex = Milvus_Proto_Milvus_DescribeIndexRequest()
            describeIndex.collectionName = "docs"
            let indexes = try await client.describeIndex(describeIndex)
            #expect(indexes.status.code == 0 && indexes.indexDescriptions.count == 1)
            #expect(indexes.indexDescriptions.first?.state == .finished && indexes.indexDescriptions.first?.indexName == "vector")
            #expect(indexes.indexDescriptions.first?.params.contains { $0.key == "index_type" && $0.value == "HNSW" } == true)

            var progress = Milvus_Proto_Milvus_GetLoadingProgressRequest()
            progress.collectionName = "docs"
            #expect(try await client.getLoadingProgress(progress).progress == 100)

            var describe = Milvus_Proto_Milvus_DescribeCollectionRequest()
            describe.collectionName = "docs"
            let described = try await client.describeCollection(describe)
            #expect(described.status.code == 0 && described.schema.enableDynamicField)
            #expect(described.schema.fields.map(\.name) == ["id", "vector"], "no $meta field")
            #expect(described.schema.fields.last?.typeParams.first { $0.key == "dim" }?.value == "4")

            let inserted = try await Self.insertDocs(client)
            #expect(inserted.status.code == 0, "\(inserted.status.reason)")
            #expect(inserted.insertCnt == 3 && inserted.ids.intID.data == [1, 2, 3])

            var search = Milvus_Proto_Milvus_SearchRequest()
            search.collectionName = "docs"
            search.placeholderGroup = try GRPCHarness.placeholders([[0.9, 0.1, 0, 0], [0, 0, 1, 0.1]])
            search.nq = 2
            search.outputFields = ["color"]
            search.searchParams = [GRPCHarness.pair("topk", "2"), GRPCHarness.pair("params", #"{"ef": 16}"#)]
            let searched = try await client.search(search)
            #expect(searched.status.code == 0, "\(searched.status.reason)")
            #expect(searched.results.topks == [2, 2])
            #expect(searched.results.ids.intID.data.first == 1 && searched.results.ids.intID.data[2] == 3)
            #expect(searched.results.scores.count == 4 && searched.results.primaryFieldName == "id")
            let meta = searched.results.fieldsData.first { $0.fieldName == "$meta" }
            #expect(meta?.isDynamic == true && meta?.scalars.jsonData.data.count == 4)
            #expect(searched.results.outputFields == ["color"])

            var query = Milvus_Proto_Milvus_QueryRequest()
            query.collectionName = "docs"
            query.expr = "id in [2, 3]"
            query.outputFields = ["*"]
            let queried = try await client.query(query)
            #expect(queried.status.code == 0, "\(queried.status.reason)")
            let ids = queried.fieldsData.first { $0.fieldName == "id" }?.scalars.longData.data ?? []
            #expect(Set(ids) == [2, 3])
            #expect(queried.fieldsData.first { $0.fieldName == "vector" }?.vectors.floatVector.data.count == 8)
            #expect(try await Self.count(client) == 3)

            var delete = Milvus_Proto_Milvus_DeleteRequest()
            delete.collectionName = "docs"
            delete.expr = "id in [1]"
            let deleted = try await client.delete(delete)
            #expect(deleted.status.code == 0 && deleted.deleteCnt == 1)
            #expect(try await Self.count(client) == 2)

            #expect(try await client.showCollections(Milvus_Proto_Milvus_ShowCollectionsRequest()).collectionNames == ["docs"])
            var drop = Milvus_Proto_Milvus_DropCollectionRequest()
            drop.collectionName = "docs"
            #expect(try await client.dropCollection(drop).code == 0)
            var has = Milvus_Proto_Milvus_HasCollectionRequest()
            has.collectionName = "docs"
            #expect(try await client.hasCollection(has).value == false)
        }
    }

    @Test func refusedRequestsAnswerInStatusAndStoreNothing() async throws {
        try await GRPCHarness.withService { client, _ in
            try await Self.createDocs(client)
            var insert = Milvus_Proto_Milvus_InsertRequest()
            insert.collectionName = "docs"
            insert.numRows = 2
            insert.fieldsData = [GRPCHarness.longColumn("id", [1, 2]), GRPCHarness.vectorColumn("vector", [[1, 2, 3], [4, 5, 6]])]
            let wrongDimension = try await client.insert(insert)
            #expect(wrongDimension.status.code == 1804 && wrongDimension.status.errorCode == .illegalArgument)
            #expect(wrongDimension.status.reason.contains("dimension 3"), "\(wrongDimension.status.reason)")
            #expect(try await Self.count(client) == 0)

            insert.numRows = 3
            let shortColumn = try await client.insert(insert)
            #expect(shortColumn.status.code != 0 && shortColumn.status.reason.contains("'id' holds 2 values for 3 rows"))

            var missing = Milvus_Proto_Milvus_DescribeCollectionRequest()
            missing.collectionName = "nope"
            let notFound = try await client.describeCollection(missing)
            #expect(notFound.status.code == 100 && notFound.status.errorCode == .collectionNotExists)

            var query = Milvus_Proto_Milvus_QueryRequest()
            query.collectionName = "docs"
            query.expr = "id >"
            let badFilter = try await client.query(query)
            #expect(badFilter.status.code == 1100 && badFilter.status.reason.contains("filter"), "\(badFilter.status.reason)")

        }
    }

    @Test func aMethodOutsideTheSubsetIsUnimplementedAtOnce() async throws {
        let error = try await GRPCHarness.withRawService { client, _ in
            let descriptor = MethodDescriptor(fullyQualifiedService: "milvus.proto.milvus.MilvusService", method: "CreateDatabase")
            return await #expect(throws: RPCError.self) {
                try await client.unary(request: ClientRequest(message: Milvus_Proto_Milvus_ShowCollectionsRequest()),
                                       descriptor: descriptor,
                                       serializer: ProtobufSerializer<Milvus_Proto_Milvus_ShowCollectionsRequest>(),
                                       deserializer: ProtobufDeserializer<Milvus_Proto_Common_Status>(),
                                       options: .defaults) { try $0.message }
            }
        }
        #expect(error?.code == .unimplemented && error?.message.contains("CreateDatabase") == true, "\(String(describing: error))")
    }

    @Test func partitionsAliasesHybridSearchAndCompaction() async throws {
        try await GRPCHarness.withService { client, _ in
            try await Self.createDocs(client)
            _ = try await Self.insertDocs(client)
            var partition = Milvus_Proto_Milvus_CreatePartitionRequest()
            partition.collectionName = "docs"
            partition.partitionName = "spring"
            #expect(try await client.createPartition(partition).code == 0)
            var show = Milvus_Proto_Milvus_ShowPartitionsRequest()
            show.collectionName = "docs"
            #expect(try await client.showPartitions(show).partitionNames == ["_default", "spring"])
            var has = Milvus_Proto_Milvus_HasPartitionRequest()
            has.collectionName = "docs"
            has.partitionName = "autumn"
            #expect(try await client.hasPartition(has).value == false)

            var alias = Milvus_Proto_Milvus_CreateAliasRequest()
            alias.collectionName = "docs"
            alias.alias = "papers"
            #expect(try await client.createAlias(alias).code == 0)
            var describeAlias = Milvus_Proto_Milvus_DescribeAliasRequest()
            describeAlias.alias = "papers"
            #expect(try await client.describeAlias(describeAlias).collection == "docs")
            var describeMissing = Milvus_Proto_Milvus_DescribeAliasRequest()
            describeMissing.alias = "nope"
            #expect(try await client.describeAlias(describeMissing).status.code == 1600)

            var sub = Milvus_Proto_Milvus_SearchRequest()
            sub.placeholderGroup = try GRPCHarness.placeholders([[1, 0, 0, 0]])
            sub.searchParams = [GRPCHarness.pair("topk", "3"), GRPCHarness.pair("anns_field", "vector")]
            var hybrid = Milvus_Proto_Milvus_HybridSearchRequest()
            hybrid.collectionName = "papers"
            hybrid.requests = [sub, sub]
            hybrid.rankParams = [GRPCHarness.pair("strategy", "rrf"), GRPCHarness.pair("params", #"{"k": 60}"#),
                                 GRPCHarness.pair("limit", "2")]
            let fused = try await client.hybridSearch(hybrid)
            #expect(fused.status.code == 0, "\(fused.status.reason)")
            #expect(fused.results.topks == [2] && fused.results.ids.intID.data.first == 1)

            var compact = Milvus_Proto_Milvus_ManualCompactionRequest()
            compact.collectionName = "docs"
            let compacted = try await client.manualCompaction(compact)
            #expect(compacted.status.code == 0 && compacted.compactionID != 0)
            var compactionState = Milvus_Proto_Milvus_GetCompactionStateRequest()
            compactionState.compactionID = compacted.compactionID
            #expect(try await client.getCompactionState(compactionState).state == .completed)
        }
    }

    @Test func theTokenIsRequiredOnEveryCallWhenConfigured() async throws {
        try await GRPCHarness.withService(token: "root:Milvus") { client, _ in
            // Connect says why in its Status (pymilvus hides a gRPC error of Connect behind its own
            // words) and nothing more; every other call is refused with UNAUTHENTICATED.
            let refused = try await client.connect(Milvus_Proto_Milvus_ConnectRequest())
            #expect(refused.status.code == 1800 && refused.status.reason.contains("authorization"))
            #expect(refused.serverInfo.buildTags.isEmpty && refused.identifier == 0)
            do {
                _ = try await client.getVersion(Milvus_Proto_Milvus_GetVersionRequest())
                Issue.record("a call without authorization succeeded")
            } catch let error as RPCError {
                #expect(error.code == .unauthenticated)
            }
        }
        _ = try await GRPCHarness.withService(token: "root:Milvus", clientToken: "root:wrong") { client, _ in
            await #expect(throws: RPCError.self) { _ = try await client.showCollections(Milvus_Proto_Milvus_ShowCollectionsRequest()) }
        }
        let code = try await GRPCHarness.withService(token: "root:Milvus", clientToken: "root:Milvus") { client, _ in
            try await client.connect(Milvus_Proto_Milvus_ConnectRequest()).status.code
        }
        #expect(code == 0)
    }
}
