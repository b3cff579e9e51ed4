// HNSWIndex: the HNSW index of one segment (Malkov & Yashunin; hnswlib's algorithm and memory
// layout, Milvus's parameter names M and efConstruction, maxM0 = 2M).
// HNSW_SQ (the same graph, built the same way) walks every level over SQ8 codes laid out next to
// each node's links (HNSWCodeGraph), then re-scores the best 2k of the beam's candidates on the
// full vectors and returns the best k with exact scores (`refine` 0 returns the code scores).
// Search: greedy descent through the upper levels, then a beam of width ef at level 0, where
// ef = max(k, parameters.ef ?? 64) (64 gives recall@10 around 0.95+ on typical data at M 16;
// capped at the row count). With `allowed`, disallowed rows are walked through but never
// returned; when few rows are allowed (allowed^2 < ef * M * count, i.e. roughly below 22% of
// 20k rows, 10% of 100k, 3% of 1M at ef 64, M 16) the allowed rows are scanned exactly instead,
// since a filtered walk must then visit about ef / fraction nodes.
// Build: rows inserted in order on the calling thread (HNSWBuilder), then any row left without a
// level-0 path from the entry point is linked in (HNSWConnectivityRepair).
// Range search widens ef (doubling) until the beam's frontier passes the radius or `limit`
// hits are found, and scans exactly once ef would reach the row count.
// Scores: squared L2, inner product, or cosine similarity (vectors and queries normalised,
// searched by inner product).
// Invariants: the graph is immutable once built or decoded; labels are rows 0..<count;
// results are best first, ties by the smaller row; search is safe from many threads at once.
// Ownership: a shared immutable value; searches borrow scratch memory from `scratchPool`.

import QuiverKernels

package final class HNSWIndex: FloatVectorIndex {
    package static let defaultSearchEF = 64
    package static let defaultM = 16
    package static let defaultEFConstruction = 200

    // Immutable after init.
    package let spec: IndexSpec
    package var dimension: Int { graph.dimension }
    package var count: Int { graph.count }
    let graph: HNSWGraph
    /// HNSW_SQ: level 0 over SQ8 codes, walked instead of the float records; nil for HNSW.
    let codes: HNSWCodeGraph?
    /// HNSW_SQ with `refine` (the default): the beam's candidates are re-scored on the full
    /// vectors and the best k of those returned, with exact scores.
    let refines: Bool
    let scratchPool: HNSWScratchPool

    /// `codes`: an HNSW_SQ build's (linked); derived from `graph` when nil.
    init(spec: IndexSpec, graph: HNSWGraph, codes: HNSWCodeGraph? = nil) {
        self.spec = spec
        self.graph = graph
        self.codes = spec.kind == .hnswSQ ? codes ?? HNSWCodeGraph(graph: graph) : nil
        refines = spec.parameter("refine", default: 1) != 0
        scratchPool = HNSWScratchPool(nodeCount: graph.count, dimension: graph.dimension, linkCapacity: graph.maxM0)
    }

    /// Builds the graph over `vectors` (row-major, a multiple of `dimension` floats), inserting
    /// rows in order on the calling thread; the same inputs and seed give the same index.
    /// `progress` is called with the number of rows inserted, every 1024 rows and at the end.
    /// `spec` must be a valid HNSW (or AUTOINDEX) spec with a float metric.
    package static func build(spec: IndexSpec, vectors: UnsafeBufferPointer<Float>, dimension: Int, seed: UInt64 = 42,
                             progress: ((Int) -> Void)? = nil) -> HNSWIndex {
        let spec = spec.resolved()
        precondition(spec.kind.isHNSW && !spec.metric.isForBinaryVectors, "HNSWIndex needs HNSW or HNSW_SQ with L2, IP or COSINE")
        precondition((try? spec.validate(dimension: dimension)) != nil, "invalid HNSW spec \(spec.parameters)")
        precondition(dimension > 0 && vectors.count % dimension == 0, "\(vectors.count) floats are not rows of \(dimension)")
        let count = vectors.count / dimension
        let maxM = spec.parameter("M", default: defaultM)
        let graph = HNSWGraph(dimension: dimension, maxM: maxM, usesInnerProduct: spec.metric != .l2,
                              levels: HNSWBuilder.drawLevels(count: count, maxM: maxM, seed: seed))
        for row in 0..<count {
            let source = UnsafeBufferPointer(rebasing: vectors[(row * dimension)..<((row + 1) * dimension)])
            storeVector(source, into: graph.vector(UInt32(row)), normalising: spec.metric == .cosine)
        }
        let codes = spec.kind == .hnswSQ ? HNSWCodeGraph(codesOf: graph) : nil
        let builder = HNSWBuilder(graph: graph, efConstruction: spec.parameter("efConstruction", default: defaultEFConstruction),
                                  codes: codes)
        for row in 0..<count {
            builder.insert(UInt32(row))
            if let progress, (row + 1) % 1024 == 0 || row + 1 == count { progress(row + 1) }
        }
        builder.repairConnectivity()
        codes?.copyLinks(from: graph)
        return HNSWIndex(spec: spec, graph: graph, codes: codes)
    }

    package var memoryByteCount: Int { graph.byteCount + (codes?.byteCount ?? 0) }

    package func search(_ query: UnsafeBufferPointer<Float>, k: Int, parameters: IndexSearchParameters,
                       allowed: Bitset?) -> [IndexHit] {
        precondition(query.count == dimension, "query has \(query.count) floats, index dimension \(dimension)")
        guard k > 0, count > 0 else { return [] }
        let k = min(k, count)
        return searchNodes(query, k: k, ef: searchEF(k: k, parameters), allowed: allowed, strategy: .automatic)
            .map(hit)
    }

    package func rangeSearch(_ query: UnsafeBufferPointer<Float>, radius: Float, rangeFilter: Float?, limit: Int,
                            parameters: IndexSearchParameters, allowed: Bitset?) -> [IndexHit] {
        precondition(query.count == dimension, "query has \(query.count) floats, index dimension \(dimension)")
        guard limit > 0, count > 0 else { return [] }
        let window = RangeSearchWindow(metric: spec.metric, radius: radius, rangeFilter: rangeFilter)
        if let allowed, prefersExactScan(allowedCount: allowed.setCount, ef: searchEF(k: 1, parameters)) {
            return window.bestFirst(exactRangeScan(query, window: window, allowed: allowed), limit: limit)
        }
        var ef = searchEF(k: min(limit, count), parameters)
        while ef < count {
            let nodes = searchNodes(query, k: ef, ef: ef, allowed: allowed, strategy: .graph)
            let hits = nodes.map(hit).filter { window.contains($0.score) }
            let frontierPassedRadius = nodes.count < ef || nodes.contains { !window.isInsideRadius(hit($0).score) }
            if frontierPassedRadius || hits.count >= limit { return window.bestFirst(hits, limit: limit) }
            ef *= 2
        }
        return window.bestFirst(exactRangeScan(query, window: window, allowed: allowed), limit: limit)
    }

    // MARK: Internal

    /// HNSW_SQ re-scores the best `refineDepthFactor * k` of the beam's candidates (by code
    /// score) on the full vectors. Measured on synth-128 100k and minilm-384 50k (ef 32-128):
    /// 2 gives the same recall@10 as re-scoring all ef, 1 loses 0.5-2 points, and each candidate
    /// re-scored costs a vector's worth of cache misses.
    static let refineDepthFactor = 2

    enum FilterStrategy {
        /// Exact scan of the allowed rows when they are few, else a filtered graph walk.
        case automatic
        case graph
        case exact
    }

    func searchEF(k: Int, _ parameters: IndexSearchParameters) -> Int {
        min(max(k, parameters.ef ?? HNSWIndex.defaultSearchEF), max(count, k))
    }

    /// True when scanning `allowedCount` rows is likely cheaper than a filtered walk, which
    /// visits about ef * M / fraction nodes.
    func prefersExactScan(allowedCount: Int, ef: Int) -> Bool {
        Double(allowedCount) * Double(allowedCount) < Double(ef) * Double(graph.maxM) * Double(count)
    }

    @inline(__always)
    func hit(_ node: HNSWNode) -> IndexHit {
        IndexHit(row: Int(node.node), score: graph.usesInnerProduct ? -node.distance : node.distance)
    }

    /// The k closest nodes found, ascending by (distance, node).
    func searchNodes(_ query: UnsafeBufferPointer<Float>, k: Int, ef: Int, allowed: Bitset?,
                     strategy: FilterStrategy) -> [HNSWNode] {
        scratchPool.withScratch { scratch in
            prepareQuery(query, scratch)
            guard let allowed else { return graphSearch(k: k, ef: ef, allowedWords: nil, scratch) }
            precondition(allowed.count == count, "allowed has \(allowed.count) bits, index \(count) rows")
            let allowedCount = allowed.setCount
            guard allowedCount > 0 else { return [] }
            if strategy == .exact || (strategy == .automatic && prefersExactScan(allowedCount: allowedCount, ef: ef)) {
                return exactSearch(k: k, allowed: allowed, scratch)
            }
            return allowed.words.withUnsafeBufferPointer { graphSearch(k: k, ef: ef, allowedWords: $0.baseAddress, scratch) }
        }
    }

    private func prepareQuery(_ query: UnsafeBufferPointer<Float>, _ scratch: HNSWSearchScratch) {
        HNSWIndex.storeVector(query, into: scratch.query, normalising: spec.metric == .cosine)
    }

    private func graphSearch(k: Int, ef: Int, allowedWords: UnsafePointer<UInt64>?, _ scratch: HNSWSearchScratch) -> [HNSWNode] {
        let query = UnsafePointer(scratch.query)
        guard let codes else {
            walk(HNSWFloatSpace(graph: graph, query: query, level: 0), ef: ef, allowedWords: allowedWords, scratch)
            return closest(k, of: &scratch.results)
        }
        // HNSW_SQ: every level is walked on codes (upper-level links, level-0 code records).
        let constant = codes.prepare(query, weights: scratch.weights, prepared: scratch.preparedQuery)
        walk(HNSWCodeSpace(codes: codes, prepared: scratch.preparedQuery, constant: constant), ef: ef,
             allowedWords: allowedWords, scratch)
        guard refines else { return closest(k, of: &scratch.results) }
        return rerank(closest(k * HNSWIndex.refineDepthFactor, of: &scratch.results), k: k, query: query)
    }

    /// Greedy descent from the entry point, then the beam of width ef at level 0, all scored by
    /// `space`; leaves the beam's nodes in `scratch.results`.
    private func walk<Space: HNSWWalkSpace>(_ space: Space, ef: Int, allowedWords: UnsafePointer<UInt64>?,
                                            _ scratch: HNSWSearchScratch) {
        var entry = graph.entryPoint
        var entryDistance: Float = 0
        space.score(&entry, 1, into: &entryDistance)
        let (start, startDistance) = graph.greedyDescend(scoring: space, from: entry, startDistance: entryDistance,
                                                         fromLevel: graph.maxLevel, downTo: 0, scratch: scratch)
        HNSWBeam.search(space, entry: start, entryDistance: startDistance, ef: ef, allowed: allowedWords, scratch: scratch)
    }

    /// The `count` closest nodes of `heap`, ascending; empties it.
    private func closest(_ count: Int, of heap: inout HNSWNodeHeap) -> [HNSWNode] {
        while heap.count > count { heap.pop() }
        return drain(&heap)
    }

    /// The best `k` of `candidates` by their distance on the full vectors.
    private func rerank(_ candidates: [HNSWNode], k: Int, query: UnsafePointer<Float>) -> [HNSWNode] {
        let n = candidates.count
        var rescored = [HNSWNode](unsafeUninitializedCapacity: n) { buffer, initializedCount in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: n) { nodes in
                withUnsafeTemporaryAllocation(of: Float.self, capacity: n) { distances in
                    for i in 0..<n { nodes[i] = candidates[i].node }
                    graph.prefetchVectors(nodes.baseAddress!, n)
                    graph.distances(query, to: nodes.baseAddress!, n, into: distances.baseAddress!)
                    for i in 0..<n { buffer[i] = HNSWNode(distance: distances[i], node: nodes[i]) }
                }
            }
            initializedCount = n
        }
        rescored.sort { $1.isAbove($0) }
        if rescored.count > k { rescored.removeLast(rescored.count - k) }
        return rescored
    }

    private func exactSearch(k: Int, allowed: Bitset, _ scratch: HNSWSearchScratch) -> [HNSWNode] {
        let query = UnsafePointer(scratch.query)
        scratch.results.removeAll()
        for row in allowed.setIndices() {
            let node = UInt32(row)
            let d = graph.distance(query, graph.vector(node))
            if scratch.results.count < k {
                scratch.results.push(d, node)
            } else if scratch.results.top.isAbove(HNSWNode(distance: d, node: node)) {
                scratch.results.pop()
                scratch.results.push(d, node)
            }
        }
        return drain(&scratch.results)
    }

    private func exactRangeScan(_ query: UnsafeBufferPointer<Float>, window: RangeSearchWindow, allowed: Bitset?) -> [IndexHit] {
        scratchPool.withScratch { scratch in
            prepareQuery(query, scratch)
            let rows = allowed?.setIndices() ?? Array(0..<count)
            return rows.compactMap { row in
                let candidate = hit(HNSWNode(distance: graph.distance(scratch.query, graph.vector(UInt32(row))), node: UInt32(row)))
                return window.contains(candidate.score) ? candidate : nil
            }
        }
    }

    private func drain(_ heap: inout HNSWNodeHeap) -> [HNSWNode] {
        [HNSWNode](unsafeUninitializedCapacity: heap.count) { buffer, initializedCount in
            initializedCount = heap.drainAscending(into: buffer.baseAddress!)
        }
    }

    /// Copies `source` into `destination`, divided by its L2 norm when `normalising` (zero
    /// vectors stay zero, so they score 0 against everything, as FloatRowScorer does).
    static func storeVector(_ source: UnsafeBufferPointer<Float>, into destination: UnsafeMutablePointer<Float>,
                            normalising: Bool) {
        let count = source.count
        guard normalising else {
            destination.update(from: source.baseAddress!, count: count)
            return
        }
        let norm = Distance.normSquared(source).squareRoot()
        for i in 0..<count { destination[i] = norm > 0 ? source[i] / norm : 0 }
    }
}
