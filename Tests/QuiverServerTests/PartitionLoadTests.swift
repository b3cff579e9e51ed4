// partitions/load and partitions/release through the in-process router: what reads see, the
// load state they report, and the errors naming an unknown or released partition.

import Quiver
@testable import QuiverServer
import Testing
import QuiverJSON

@Suite struct PartitionLoadTests {
    /// Collection `c` with id 1 in _default, id 2 in p1, id 3 in p2 (vectors on the x axis).
    static func withPartitions(_ body: @Sendable (APIClient) async throws -> Void) async throws {
        try await RouterHarness.withServer { api, _ in
            try await api.ok("collections/create", #"{"collectionName":"c","dimension":2,"metricType":"L2"}"#)
            try await api.ok("partitions/create", #"{"collectionName":"c","partitionName":"p1"}"#)
            try await api.ok("partitions/create", #"{"collectionName":"c","partitionName":"p2"}"#)
            try await api.ok("entities/insert", #"{"collectionName":"c","data":[{"id":1,"vector":[1,0]}]}"#)
            try await api.ok("entities/insert", #"{"collectionName":"c","partitionName":"p1","data":[{"id":2,"vector":[2,0]}]}"#)
            try await api.ok("entities/insert", #"{"collectionName":"c","partitionName":"p2","data":[{"id":3,"vector":[3,0]}]}"#)
            try await body(api)
        }
    }

    static func searchIDs(_ api: APIClient, _ extra: String = "") async throws -> [Int64?] {
        try await api.ok("entities/search", #"{"collectionName":"c","data":[[0,0]],"limit":10\#(extra)}"#).dataArray
            .map { $0.objectValue?["id"]?.intValue }
    }

    static func loadState(_ api: APIClient, _ partitions: String? = nil) async throws -> JSONValue? {
        let names = partitions.map { #","partitionNames":\#($0)"# } ?? ""
        return try await api.ok("collections/get_load_state", #"{"collectionName":"c"\#(names)}"#).dataObject["loadState"]
    }

    @Test func releasedPartitionsAreHiddenFromReadsUntilLoaded() async throws {
        try await Self.withPartitions { api in
            try await api.ok("partitions/release", #"{"collectionName":"c","partitionNames":["p1"]}"#)
            #expect(try await Self.searchIDs(api) == [1, 3])
            let count = try await api.ok("entities/query", #"{"collectionName":"c","outputFields":["count(*)"]}"#)
            #expect(count.dataArray == [.object(["count(*)": .int(2)])])
            let got = try await api.ok("entities/get", #"{"collectionName":"c","id":[1,2,3],"outputFields":["id"]}"#)
            #expect(got.dataArray.map { $0.objectValue?["id"]?.intValue } == [1, 3])
            let named = try await api.call("entities/search", #"{"collectionName":"c","data":[[0,0]],"partitionNames":["p1"]}"#)
            #expect(named.code == 201)
            #expect(named.message.contains("'p1'"))
            #expect(try await Self.loadState(api) == .string("LoadStateLoaded"))
            #expect(try await Self.loadState(api, #"["p1"]"#) == .string("LoadStateNotLoad"))
            #expect(try await Self.loadState(api, #"["_default","p2"]"#) == .string("LoadStateLoaded"))
            // Writes still reach a released partition; reads see them once it is loaded.
            try await api.ok("entities/insert", #"{"collectionName":"c","partitionName":"p1","data":[{"id":4,"vector":[4,0]}]}"#)
            try await api.ok("partitions/load", #"{"collectionName":"c","partitionNames":["p1"]}"#)
            #expect(try await Self.searchIDs(api) == [1, 2, 3, 4])
            try await api.ok("partitions/load", #"{"collectionName":"c","partitionNames":["p2"]}"#)   // already loaded
        }
    }

    @Test func releasingEveryPartitionReleasesTheCollectionAndLoadingSomeLoadsOnlyThose() async throws {
        try await Self.withPartitions { api in
            try await api.ok("partitions/release", #"{"collectionName":"c","partitionNames":["_default","p1","p2"]}"#)
            #expect(try await Self.loadState(api) == .string("LoadStateNotLoad"))
            #expect(try await api.call("entities/search", #"{"collectionName":"c","data":[[0,0]]}"#).code == 101)
            try await api.ok("partitions/load", #"{"collectionName":"c","partitionNames":["p2"]}"#)
            #expect(try await Self.loadState(api) == .string("LoadStateLoaded"))
            #expect(try await Self.searchIDs(api) == [3])
            try await api.ok("collections/load", #"{"collectionName":"c"}"#)
            #expect(try await Self.searchIDs(api) == [1, 2, 3])
        }
    }

    @Test func unknownPartitionsAreRefusedByNameAndChangeNothing() async throws {
        try await Self.withPartitions { api in
            let load = try await api.call("partitions/load", #"{"collectionName":"c","partitionNames":["nope"]}"#)
            #expect(load.code == 200)
            #expect(load.message.contains("'nope'"))
            let release = try await api.call("partitions/release", #"{"collectionName":"c","partitionNames":["p1","nope"]}"#)
            #expect(release.code == 200)
            #expect(try await Self.searchIDs(api) == [1, 2, 3])
            #expect(try await api.call("partitions/release", #"{"collectionName":"c"}"#).code == 1802)
            #expect(try await api.call("partitions/load", #"{"collectionName":"ghost","partitionNames":["p1"]}"#).code == 100)
            #expect(try await api.call("collections/get_load_state", #"{"collectionName":"c","partitionNames":["nope"]}"#).code == 200)
        }
    }
}
