// HNSWSearchScratch: the per-search working memory (visited set, candidate and result heaps,
// a normalised copy of the query), and the pool that lends it to concurrent searches so a
// search allocates nothing once the pool is warm.
// Invariants: a scratch is used by exactly one search at a time: it is taken from the pool
// under the pool's lock and given back after the search; the pool keeps at most
// `maxPooledCount` idle scratches.
// Ownership: HNSWIndex owns one pool; the builder owns a private scratch.

import CQuiverSIMD
import Synchronization

/// @unchecked Sendable: its mutable state is touched only by the one search that took it from
/// the pool (hand-over happens under the pool's Mutex).
final class HNSWSearchScratch: @unchecked Sendable {
    var visited: VisitedSet
    var candidates: HNSWNodeHeap
    var results: HNSWNodeHeap
    /// `dimension` floats: the query as searched (normalised for COSINE).
    let query: UnsafeMutablePointer<Float>
    /// `dimension` floats: HNSW_SQ's per-dimension weights of the query (HNSWCodeGraph.prepare).
    let weights: UnsafeMutablePointer<Float>
    /// The weights as the SQ8 kernel reads them (quiver_sq8_prepare), 64-byte aligned.
    let preparedQuery: UnsafeMutableRawPointer
    /// One expanded node's unvisited neighbours and their distances (`linkCapacity` each).
    let batchNodes: UnsafeMutablePointer<UInt32>
    let batchDistances: UnsafeMutablePointer<Float>

    init(nodeCount: Int, dimension: Int, linkCapacity: Int, ef: Int) {
        visited = VisitedSet(nodeCount: nodeCount)
        candidates = HNSWNodeHeap(capacity: ef * 4)
        results = HNSWNodeHeap(capacity: ef + 1)
        query = .allocate(capacity: dimension)
        query.initialize(repeating: 0, count: dimension)
        weights = .allocate(capacity: dimension)
        weights.initialize(repeating: 0, count: dimension)
        preparedQuery = .allocate(byteCount: quiver_sq8_prepared_bytes(dimension), alignment: 64)
        batchNodes = .allocate(capacity: linkCapacity)
        batchDistances = .allocate(capacity: linkCapacity)
    }

    deinit {
        visited.deallocate()
        candidates.deallocate()
        results.deallocate()
        query.deallocate()
        weights.deallocate()
        preparedQuery.deallocate()
        batchNodes.deallocate()
        batchDistances.deallocate()
    }
}

final class HNSWScratchPool: Sendable {
    static let maxPooledCount = 64
    let nodeCount: Int
    let dimension: Int
    let linkCapacity: Int
    // Guarded by its Mutex.
    private let idle = Mutex<[HNSWSearchScratch]>([])

    init(nodeCount: Int, dimension: Int, linkCapacity: Int) {
        self.nodeCount = nodeCount
        self.dimension = dimension
        self.linkCapacity = linkCapacity
    }

    func withScratch<R>(_ body: (HNSWSearchScratch) -> R) -> R {
        let scratch = idle.withLock { $0.popLast() }
            ?? HNSWSearchScratch(nodeCount: nodeCount, dimension: dimension, linkCapacity: linkCapacity, ef: 64)
        defer {
            idle.withLock { pool in
                if pool.count < HNSWScratchPool.maxPooledCount { pool.append(scratch) }
            }
        }
        return body(scratch)
    }
}
