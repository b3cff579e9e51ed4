// entities/hybrid_search through the in-process router: RRF and weighted fusion checked against
// scores computed by hand from the documented formulas, paging, several query vectors, and
// every validation error naming what is wrong.
//
// Fixture: ids 1...4 with `a` (L2) = (0,0), (1,0), (2,0), (3,0) and `b` (IP) = (0.1,0), (0.3,0),
// (0.4,0), (0.2,0). Query a = (0,0), limit 3 -> ids 1, 2, 3 at squared distances 0, 1, 4.
// Query b = (1,0), limit 3 -> ids 3, 2, 4 at inner products 0.4, 0.3, 0.2.

import Quiver
@testable import QuiverServer
import Testing

@Suite struct HybridSearchTests {
    static func withTwoVectorFields(_ body: @Sendable (APIClient) async throws -> Void) async throws {
        try await RouterHarness.withServer { api, _ in
            try await api.ok("collections/create", """
            {"collectionName":"h","schema":{"enableDynamicField":false,"fields":[
              {"fieldName":"id","dataType":"Int64","isPrimary":true},
              {"fieldName":"tag","dataType":"VarChar","elementTypeParams":{"max_length":8}},
              {"fieldName":"a","dataType":"FloatVector","elementTypeParams":{"dim":2}},
              {"fieldName":"b","dataType":"FloatVector","elementTypeParams":{"dim":2}}]},
             "indexParams":[{"fieldName":"a","metricType":"L2","indexType":"FLAT"},{"fieldName":"b","metricType":"IP","indexType":"FLAT"}]}
            """)
            try await api.ok("entities/insert", """
            {"collectionName":"h","data":[{"id":1,"tag":"one","a":[0,0],"b":[0.1,0]},{"id":2,"tag":"two","a":[1,0],"b":[0.3,0]},
             {"id":3,"tag":"three","a":[2,0],"b":[0.4,0]},{"id":4,"tag":"four","a":[3,0],"b":[0.2,0]}]}
            """)
            try await body(api)
        }
    }

    static let searches = #"[{"data":[[0,0]],"annsField":"a","limit":3},{"data":[[1,0]],"annsField":"b","limit":3}]"#

    static func ids(_ reply: APIReply) -> [Int64?] { reply.dataArray.map { $0.objectValue?["id"]?.intValue } }
    static func scores(_ reply: APIReply) -> [Double] { reply.dataArray.compactMap { $0.objectValue?["distance"]?.doubleValue } }

    @Test func reciprocalRankFusionSumsOneOverKPlusRank() async throws {
        try await Self.withTwoVectorFields { api in
            let reply = try await api.ok("entities/hybrid_search", """
            {"collectionName":"h","search":\(Self.searches),"rerank":{"strategy":"rrf","params":{"k":60}},"limit":4,"outputFields":["tag"]}
            """)
            // id 3: 1/63 (a, rank 3) + 1/61 (b, rank 1); id 2: 1/62 + 1/62; id 1: 1/61; id 4: 1/63.
            #expect(Self.ids(reply) == [3, 2, 1, 4])
            let expected = [0.0322665, 0.0322581, 0.0163934, 0.0158730]
            for (score, want) in zip(Self.scores(reply), expected) { #expect(abs(score - want) < 1e-6) }
            #expect(reply.dataArray.first?.objectValue?["tag"] == .string("three"))
            #expect(reply.json["topks"] == .array([.int(4)]))
        }
    }

    @Test func weightedFusionNormalizesEachMetric() async throws {
        try await Self.withTwoVectorFields { api in
            let reply = try await api.ok("entities/hybrid_search", """
            {"collectionName":"h","search":\(Self.searches),"rerank":{"strategy":"weighted","params":{"weights":[0.7,0.3]}},"limit":4}
            """)
            // L2: 1 - 2 atan(d)/pi, IP: 0.5 + atan(d)/pi.
            // id 1: 0.7 * 1; id 2: 0.7 * 0.5 + 0.3 * 0.592773; id 3: 0.7 * 0.155958 + 0.3 * 0.621118;
            // id 4: 0.3 * 0.562833.
            #expect(Self.ids(reply) == [1, 2, 3, 4])
            let expected = [0.7, 0.527832, 0.295506, 0.168850]
            for (score, want) in zip(Self.scores(reply), expected) { #expect(abs(score - want) < 1e-5) }
        }
    }

    @Test func limitOffsetAndSeveralQueryVectors() async throws {
        try await Self.withTwoVectorFields { api in
            let paged = try await api.ok("entities/hybrid_search", """
            {"collectionName":"h","search":\(Self.searches),"rerank":{"strategy":"rrf"},"limit":2,"offset":1}
            """)
            #expect(Self.ids(paged) == [2, 1])
            // Two query vectors per sub-search, one candidate each. Query 0: a -> id 1, b -> id 3;
            // query 1: a (3,0) -> id 4, b (-1,0) -> id 1 (IP -0.1). Equal RRF scores keep the
            // order of first appearance (sub-search order).
            let two = try await api.ok("entities/hybrid_search", """
            {"collectionName":"h","search":[{"data":[[0,0],[3,0]],"annsField":"a","limit":1},{"data":[[1,0],[-1,0]],"annsField":"b","limit":1}],
             "rerank":{"strategy":"rrf","params":{"k":10}},"limit":2}
            """)
            #expect(two.json["topks"] == .array([.int(2), .int(2)]))
            #expect(Self.ids(two) == [1, 3, 4, 1])
        }
    }

    @Test func invalidRequestsNameWhatIsWrong() async throws {
        try await Self.withTwoVectorFields { api in
            func failure(_ body: String) async throws -> APIReply { try await api.call("entities/hybrid_search", body) }
            let weights = try await failure(#"{"collectionName":"h","search":\#(Self.searches),"rerank":{"strategy":"weighted","params":{"weights":[1]}}}"#)
            #expect(weights.code == 1100)
            #expect(weights.message.contains("1 weights for 2 sub-searches"))
            let range = try await failure(#"{"collectionName":"h","search":\#(Self.searches),"rerank":{"strategy":"weighted","params":{"weights":[0.5,2]}}}"#)
            #expect(range.message.contains("weights[1]"))
            let strategy = try await failure(#"{"collectionName":"h","search":\#(Self.searches),"rerank":{"strategy":"max"}}"#)
            #expect(strategy.code == 1100)
            #expect(strategy.message.contains("'max'"))
            let k = try await failure(#"{"collectionName":"h","search":\#(Self.searches),"rerank":{"strategy":"rrf","params":{"k":0}}}"#)
            #expect(k.message.contains("rerank.params.k"))
            #expect(try await failure(#"{"collectionName":"h","search":\#(Self.searches)}"#).code == 1802)
            #expect(try await failure(#"{"collectionName":"h","rerank":{"strategy":"rrf"}}"#).code == 1802)
            let field = try await failure(#"{"collectionName":"h","search":[{"data":[[0,0]]}],"rerank":{"strategy":"rrf"}}"#)
            #expect(field.code == 1802)
            #expect(field.message.contains("search[0].annsField"))
            let uneven = try await failure(#"{"collectionName":"h","search":[{"data":[[0,0]],"annsField":"a"},{"data":[[0,0],[1,1]],"annsField":"b"}],"rerank":{"strategy":"rrf"}}"#)
            #expect(uneven.code == 1100)
            #expect(uneven.message.contains("search[1].data holds 2"))
            let unknownField = try await failure(#"{"collectionName":"h","search":[{"data":[[0,0]],"annsField":"c"}],"rerank":{"strategy":"rrf"}}"#)
            #expect(unknownField.code == 1700)
        }
    }

    @Test func rerankerTiesKeepTheOrderOfFirstAppearance() throws {
        let reranker = try Reranker(["strategy": .string("rrf")], searchCount: 2)
        let first = [SearchHit(id: .int(7), distance: 0), SearchHit(id: .int(8), distance: 1)]
        let second = [SearchHit(id: .int(9), distance: 5), SearchHit(id: .int(7), distance: 6)]
        let fused = reranker.fuse([(first, .l2), (second, .innerProduct)])
        // 7: 1/61 + 1/62; 9: 1/61 (rank 1 of the second list); 8: 1/62 (rank 2 of the first).
        #expect(fused.map(\.id) == [.int(7), .int(9), .int(8)])
        let tied = reranker.fuse([([SearchHit(id: .int(1), distance: 0)], .l2), ([SearchHit(id: .int(2), distance: 0)], .l2)])
        #expect(tied.map(\.id) == [.int(1), .int(2)])
    }
}
