// Every error path of API.md's codes that a request can reach, each with a message that names
// the field or value at fault.

import HTTPTypes
import Quiver
@testable import QuiverServer
import Testing

@Suite struct ErrorCodeTests {
    /// (route, body, expected code, a fragment the message must contain)
    static let cases: [(String, String?, Int64, String)] = [
        ("collections/describe", #"{"collectionName":"ghost"}"#, 100, "ghost"),
        ("collections/describe", nil, 1802, "collectionName"),
        ("collections/describe", #"{"collectionName":"no-dash"}"#, 1100, "collectionName"),
        ("collections/describe", #"{"collectionName":7}"#, 1100, "collectionName"),
        ("collections/create", #"{"collectionName":"x"}"#, 1100, "dimension"),
        ("collections/create", #"{"collectionName":"x","dimension":1}"#, 105, "dim"),
        ("collections/create", #"{"collectionName":"x","dimension":4,"metricType":"MANHATTAN"}"#, 1100, "metricType"),
        ("collections/create", #"{"collectionName":"x","schema":{"fields":[{"fieldName":"id","dataType":"int64","isPrimary":true}]}}"#, 1100, "dataType"),
        ("collections/create", #"{"collectionName":"x","schema":{"fields":[{"fieldName":"id","dataType":"Int64","isPrimary":true},{"fieldName":"v","dataType":"FloatVector","elementTypeParams":{"dim":4}}]},"indexParams":[{"fieldName":"w","metricType":"L2"}]}"#, 1700, "'w'"),
        ("collections/create", #"{"collectionName":"x","schema":{"fields":[{"fieldName":"id","dataType":"Int64","isPrimary":true},{"fieldName":"v","dataType":"FloatVector","elementTypeParams":{"dim":4}}]},"indexParams":[{"fieldName":"v","indexType":"DISKANN"}]}"#, 701, "DISKANN"),
        ("collections/create", #"{"collectionName":"x","schema":{"fields":[{"fieldName":"v","dataType":"FloatVector","elementTypeParams":{"dim":4}}]}}"#, 105, "primary key"),
        ("collections/create", #"{"collectionName":"docs","dimension":4}"#, 1100, "docs"),
        ("entities/insert", #"{"collectionName":"docs","data":[{"id":5,"vector":[1,2,3]}]}"#, 1804, "dimension 3"),
        ("entities/insert", #"{"collectionName":"docs","data":[{"id":5,"vector":"abc"}]}"#, 1804, "vector"),
        ("entities/insert", #"{"collectionName":"docs","data":[{"vector":[1,2,3,4]}]}"#, 1804, "primary key"),
        ("entities/insert", #"{"collectionName":"docs","data":[{"id":1,"vector":[1,2,3,4]}]}"#, 1804, "1"),
        ("entities/insert", #"{"collectionName":"docs"}"#, 1802, "data"),
        ("entities/get", #"{"collectionName":"docs","id":[true]}"#, 1806, "id[0]"),
        ("entities/get", #"{"collectionName":"docs"}"#, 1802, "id"),
        ("entities/get", #"{"collectionName":"strict","id":1,"outputFields":["nope"]}"#, 1700, "nope"),
        ("entities/insert", #"{"collectionName":"strict","data":[{"id":1,"v":[1,2],"extra":1}]}"#, 1804, "extra"),
        ("entities/delete", #"{"collectionName":"docs"}"#, 1802, "filter"),
        ("entities/delete", #"{"collectionName":"docs","filter":"id in [1] or ; drop"}"#, 1100, "filter"),
        ("entities/query", #"{"collectionName":"docs","filter":"nosuchfield > 1 and"}"#, 1100, "filter"),
        ("entities/search", #"{"collectionName":"docs","data":[[1,2,3,4]],"limit":16385}"#, 1100, "limit"),
        ("entities/search", #"{"collectionName":"docs","data":[[1,2,3,4]],"limit":16000,"offset":1000}"#, 1100, "offset"),
        ("entities/search", #"{"collectionName":"docs","data":[[1,2,3]]}"#, 1100, "dimension"),
        ("entities/search", #"{"collectionName":"docs","data":[]}"#, 1802, "data"),
        ("entities/search", #"{"collectionName":"docs","data":[[1,2,3,4]],"annsField":"nope"}"#, 1700, "nope"),
        ("entities/search", #"{"collectionName":"docs","data":[[1,2,3,4]],"groupingField":"id"}"#, 3000, "grouping"),
        ("entities/hybrid_search", #"{"collectionName":"docs"}"#, 1802, "'search'"),
        ("indexes/describe", #"{"collectionName":"docs","indexName":"nope"}"#, 700, "nope"),
        ("indexes/create", #"{"collectionName":"docs","indexParams":[{"fieldName":"vector","metricType":"COSINE"}]}"#, 702, "vector"),
        ("indexes/create", #"{"collectionName":"docs","indexParams":[{"fieldName":"id","indexType":"INVERTED"}]}"#, 701, "INVERTED"),
        ("aliases/describe", #"{"aliasName":"nope"}"#, 1600, "nope"),
        ("collections/list", #"{"dbName":"other"}"#, 3000, "database"),
        ("collections/list", "{bad json", 1801, "byte 1"),
        ("collections/list", "[1,2]", 1801, "object"),
        ("collections/list", #"{"a":"\u00"}"#, 1801, "escape"),
    ]

    @Test func everyErrorPathAnswersItsCodeAndNamesTheFault() async throws {
        try await RouterHarness.withServer { api, _ in
            try await api.ok("collections/create", #"{"collectionName":"docs","dimension":4}"#)
            try await api.ok("entities/insert", #"{"collectionName":"docs","data":[{"id":1,"vector":[1,2,3,4]}]}"#)
            try await api.ok("collections/create", #"{"collectionName":"strict","schema":{"fields":[{"fieldName":"id","dataType":"Int64","isPrimary":true},{"fieldName":"v","dataType":"FloatVector","elementTypeParams":{"dim":2}}]}}"#)
            for (route, body, code, fragment) in Self.cases {
                let reply = try await api.call(route, body)
                #expect(reply.status == .ok, "\(route) \(body ?? "")")
                #expect(reply.code == code, "\(route) \(body ?? ""): \(reply.message)")
                #expect(reply.message.contains(fragment), "\(route): '\(reply.message)' lacks '\(fragment)'")
                #expect(reply.json["data"] == nil)
            }
            // Nothing above changed the collection.
            #expect(try await api.ok("collections/get_stats", #"{"collectionName":"docs"}"#).dataObject["rowCount"] == .int(1))
        }
    }

    // Milvus reads the body `null` as `{}`; its own REST test suite posts it to the list routes in
    // every teardown. A route that needs a field then names the field, as for `{}`.
    @Test func aNullBodyIsAnEmptyObject() async throws {
        try await RouterHarness.withServer { api, _ in
            try await api.ok("collections/create", #"{"collectionName":"docs","dimension":4}"#)
            let listed = try await api.call("collections/list", "null")
            #expect(listed.code == 0 && listed.json["data"] == .array([.string("docs")]), "\(listed.message)")
            #expect(try await api.call("aliases/list", " null ").code == 0)
            let described = try await api.call("collections/describe", "null")
            let empty = try await api.call("collections/describe", "{}")
            #expect(described.code == empty.code && described.code != 0 && described.message == empty.message)
        }
    }

    @Test func engineErrorCodesEachMapToACode() {
        for code in QuiverError.Code.allCases {
            let error = QuiverError(code, "detail")
            #expect(error.apiError().code != .success)
            #expect(error.apiError().message.hasSuffix(": detail"))
        }
        #expect(QuiverError(.notLoaded, "x").apiError().code == .collectionNotLoaded)
        #expect(QuiverError(.partitionNotLoaded, "x").apiError().code == .partitionNotLoaded)
        #expect(QuiverError(.io, "x").apiError().code == .internalError)
    }
}
