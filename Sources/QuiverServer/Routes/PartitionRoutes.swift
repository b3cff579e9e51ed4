// partitions/*: named subsets of a collection. load/release take `partitionNames` (a non-empty
// list); an unknown name is code 200 naming it and nothing changes. Semantics (the engine's, see
// QuiverStorage/Engine/CollectionWriter+PartitionLoad.swift): loading partitions of a loaded
// collection succeeds; loading some of a released one loads it with only those; reads without
// partitionNames see the loaded partitions; naming a released one is code 201; releasing the
// last loaded partition releases the collection (code 101 on reads).

import Quiver
import QuiverJSON
import QuiverMilvus

enum PartitionRoutes {
    static let all: [APIRoute] = [
        APIRoute("partitions", "list") { request, state in
            let collection = try state.collection(try request.collectionName)
            return APIResult(data: .array(await collection.listPartitions().map(JSONValue.string)))
        },
        APIRoute("partitions", "has") { request, state in
            let collection = try state.collection(try request.collectionName)
            let partition = try request.name("partitionName")
            return APIResult(data: .object(["has": .bool(await collection.hasPartition(partition))]))
        },
        APIRoute("partitions", "get_stats") { request, state in
            let collection = try state.collection(try request.collectionName)
            let partition = try request.name("partitionName")
            let rowCount = try await EntityRoutes.partitionScoped { try await collection.rowCount(partition: partition) }
            return APIResult(data: .object(["rowCount": .int(Int64(rowCount))]))
        },
        APIRoute("partitions", "create") { request, state in
            let collection = try state.collection(try request.collectionName)
            try await collection.createPartition(try request.name("partitionName"))
            return .empty
        },
        APIRoute("partitions", "drop") { request, state in
            let collection = try state.collection(try request.collectionName)
            let partition = try request.name("partitionName")
            try await EntityRoutes.partitionScoped { try await collection.dropPartition(partition) }
            return .empty
        },
        APIRoute("partitions", "load") { request, state in
            let collection = try state.collection(try request.collectionName)
            let names = try requiredPartitionNames(request)
            try await EntityRoutes.partitionScoped { try await collection.loadPartitions(names) }
            return .empty
        },
        APIRoute("partitions", "release") { request, state in
            let collection = try state.collection(try request.collectionName)
            let names = try requiredPartitionNames(request)
            try await EntityRoutes.partitionScoped { try await collection.releasePartitions(names) }
            return .empty
        },
    ]

    static func requiredPartitionNames(_ request: APIRequest) throws(APIError) -> [String] {
        guard let names = try request.partitionNames else { throw APIError.missing("partitionNames") }
        return names
    }
}
