// HNSWSearch: the two graph walks of Malkov & Yashunin, as hnswlib writes them: a greedy
// descent through the upper levels, and a best-first beam search of width ef on one level
// (searchBaseLayer / searchBaseLayerST). Shared by build (any level, no filter) and search
// (level 0, optional filter), over full vectors or (HNSW_SQ) over SQ8 codes: the beam search is
// written once, generic over the HNSWWalkSpace that scores nodes.
// Invariants: on return `scratch.results` holds at most ef nodes, the closest found, all
// allowed; disallowed nodes are still expanded (they keep the graph connected) but never enter
// the results; the walk stops when the closest unexpanded candidate is farther than the
// worst kept result and ef results are kept, so with a sparse filter it may visit every
// reachable node (HNSWIndex switches to an exact scan before that gets expensive).
// Ownership: pure reads of an immutable (or builder-owned) graph plus one scratch.

import CQuiverSIMD

extension HNSWGraph {
    /// Greedy descent from the entry point down to level `stopLevel + 1` and returns the closest
    /// node found at `stopLevel + 1` with its distance (the entry for the next level).
    @inline(__always)
    func greedyDescend(_ query: UnsafePointer<Float>, from start: UInt32, startDistance: Float,
                       fromLevel topLevel: Int, downTo stopLevel: Int,
                       scratch: HNSWSearchScratch) -> (node: UInt32, distance: Float) {
        greedyDescend(scoring: HNSWFloatSpace(graph: self, query: query, level: 0), from: start, startDistance: startDistance,
                      fromLevel: topLevel, downTo: stopLevel, scratch: scratch)
    }

    /// The greedy descent over this graph's upper-level links, with nodes scored by `space`
    /// (full vectors, or HNSW_SQ's codes, whose records hold every node).
    @inline(__always)
    func greedyDescend<Space: HNSWWalkSpace>(scoring space: Space, from start: UInt32, startDistance: Float,
                                             fromLevel topLevel: Int, downTo stopLevel: Int,
                                             scratch: HNSWSearchScratch) -> (node: UInt32, distance: Float) {
        var current = start
        var currentDistance = startDistance
        var level = topLevel
        while level > stopLevel {
            var changed = true
            while changed {
                changed = false
                let list = links(current, level: level)
                let linkCount = Int(list[0])
                space.score(list + 1, linkCount, into: scratch.batchDistances)
                for i in 0..<linkCount {
                    let candidate = list[1 &+ i]
                    let d = scratch.batchDistances[i]
                    if d < currentDistance {
                        currentDistance = d
                        current = candidate
                        changed = true
                    }
                }
            }
            level &-= 1
        }
        return (current, currentDistance)
    }

    /// Beam search of width `ef` on `level` from `entry` over the full vectors; leaves the
    /// closest nodes found in `scratch.results` (max-heap by distance). `allowed`, when given, is
    /// a Bitset's words.
    func searchLayer(_ query: UnsafePointer<Float>, entry: UInt32, entryDistance: Float, level: Int, ef: Int,
                     allowed: UnsafePointer<UInt64>?, scratch: HNSWSearchScratch) {
        HNSWBeam.search(HNSWFloatSpace(graph: self, query: query, level: level), entry: entry,
                        entryDistance: entryDistance, ef: ef, allowed: allowed, scratch: scratch)
    }

    /// Prefetches every cache line of the given nodes' level-0 records (links and vector).
    @inline(__always)
    func prefetchRecords(_ nodes: UnsafePointer<UInt32>, _ nodeCount: Int) {
        quiver_prefetch_records(level0, recordByteCount, nodes, nodeCount, (recordByteCount &+ 63) / 64)
    }

    /// Prefetches every cache line of the given nodes' vectors (not their links).
    @inline(__always)
    func prefetchVectors(_ nodes: UnsafePointer<UInt32>, _ nodeCount: Int) {
        quiver_prefetch_records(level0 + vectorByteOffset, recordByteCount, nodes, nodeCount, (4 &* dimension &+ 63) / 64)
    }

    /// Smaller-is-closer distances from `query` to `nodeCount` nodes, in one kernel call.
    @inline(__always)
    func distances(_ query: UnsafePointer<Float>, to nodes: UnsafePointer<UInt32>, _ nodeCount: Int,
                   into out: UnsafeMutablePointer<Float>) {
        let vectors = UnsafeRawPointer(level0 + vectorByteOffset)
        if usesInnerProduct {
            quiver_inner_product_gather_f32(query, vectors, recordByteCount, nodes, nodeCount, dimension, out)
            for j in 0..<nodeCount { out[j] = -out[j] }
        } else {
            quiver_l2_squared_gather_f32(query, vectors, recordByteCount, nodes, nodeCount, dimension, out)
        }
    }

}

/// What a beam search walks: each node's neighbour list, and smaller-is-closer scores of a
/// batch of nodes for the query being searched. HNSWFloatSpace scores the full vectors of any
/// level; HNSWCodeSpace scores level 0's SQ8 codes (HNSW_SQ).
protocol HNSWWalkSpace {
    /// The node's link list: p[0] = count, p[1...count] = ids.
    func neighbours(_ node: UInt32) -> UnsafeMutablePointer<UInt32>
    /// Requests the cache lines a later `score` of these nodes will read.
    func prefetch(_ nodes: UnsafePointer<UInt32>, _ nodeCount: Int)
    /// Requests the lines of a node's neighbour list not already requested by `prefetch`: the
    /// node has become a candidate and will likely be expanded.
    func prefetchNeighbours(_ node: UInt32)
    func score(_ nodes: UnsafePointer<UInt32>, _ nodeCount: Int, into out: UnsafeMutablePointer<Float>)
}

/// One level of the graph, scored on the full-precision vectors.
struct HNSWFloatSpace: HNSWWalkSpace {
    let graph: HNSWGraph
    let query: UnsafePointer<Float>
    let level: Int

    @inline(__always)
    func neighbours(_ node: UInt32) -> UnsafeMutablePointer<UInt32> { graph.links(node, level: level) }

    @inline(__always)
    func prefetch(_ nodes: UnsafePointer<UInt32>, _ nodeCount: Int) { graph.prefetchRecords(nodes, nodeCount) }

    /// A float record's links come first and are part of `prefetch`.
    @inline(__always)
    func prefetchNeighbours(_ node: UInt32) {}

    @inline(__always)
    func score(_ nodes: UnsafePointer<UInt32>, _ nodeCount: Int, into out: UnsafeMutablePointer<Float>) {
        graph.distances(query, to: nodes, nodeCount, into: out)
    }
}

/// hnswlib's searchBaseLayer(ST), written once for every walk space.
enum HNSWBeam {
    static func search<Space: HNSWWalkSpace>(_ space: Space, entry: UInt32, entryDistance: Float, ef: Int,
                                             allowed: UnsafePointer<UInt64>?, scratch: HNSWSearchScratch) {
        // The heaps live in locals for the walk (a class property access costs an exclusivity
        // check each time) and go back to the scratch, possibly grown, at the end.
        scratch.visited.reset()
        let visited = scratch.visited
        var candidates = scratch.candidates
        var results = scratch.results
        defer {
            scratch.candidates = candidates
            scratch.results = results
        }
        candidates.removeAll()
        results.removeAll()
        _ = visited.insert(entry)
        var lowerBound = Float.infinity
        if isAllowed(entry, allowed) {
            results.push(entryDistance, entry)
            lowerBound = entryDistance
        }
        candidates.push(-entryDistance, entry)
        // Neighbours are gathered first, their records prefetched together (so the misses overlap
        // and the links are warm when a neighbour is expanded later), then scored in one call.
        let batchNodes = scratch.batchNodes
        let batchDistances = scratch.batchDistances
        while !candidates.isEmpty {
            let candidate = candidates.top
            if -candidate.distance > lowerBound && results.count >= ef { break }
            candidates.pop()
            let list = space.neighbours(candidate.node)
            let linkCount = Int(list[0])
            var batchCount = 0
            for i in 0..<linkCount {
                let neighbour = list[1 &+ i]
                if visited.insert(neighbour) {
                    batchNodes[batchCount] = neighbour
                    batchCount &+= 1
                }
            }
            space.prefetch(batchNodes, batchCount)
            space.score(batchNodes, batchCount, into: batchDistances)
            for j in 0..<batchCount {
                let d = batchDistances[j]
                guard results.count < ef || d < lowerBound else { continue }
                let neighbour = batchNodes[j]
                candidates.push(-d, neighbour)
                space.prefetchNeighbours(neighbour)
                if isAllowed(neighbour, allowed) {
                    results.push(d, neighbour)
                    if results.count > ef { results.pop() }
                    lowerBound = results.top.distance
                }
            }
        }
    }

    @inline(__always)
    static func isAllowed(_ node: UInt32, _ allowed: UnsafePointer<UInt64>?) -> Bool {
        guard let allowed else { return true }
        return allowed[Int(node >> 6)] & (1 << UInt64(node & 63)) != 0
    }
}
