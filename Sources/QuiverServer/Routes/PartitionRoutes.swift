// partitions/*: named subsets of a collection. list/has/get_stats/create/drop are the engine's;
// partition-level load and release answer code 3000 (the engine loads and releases whole
// collections: use collections/load and collections/release).

import Quiver

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
        APIRoute.unsupported("partitions", "load", "partitions/load (the engine loads whole collections: use collections/load)"),
        APIRoute.unsupported("partitions", "release", "partitions/release (the engine releases whole collections: use collections/release)"),
    ]
}
