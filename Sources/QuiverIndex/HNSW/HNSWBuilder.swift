// HNSWBuilder: inserts nodes one at a time into an HNSWGraph, as hnswlib's addPoint does:
// greedy descent to the node's level, then per level a beam search of width efConstruction,
// the neighbour-selection heuristic ("keep a candidate only if it is closer to the new node
// than to every neighbour kept so far", getNeighborsByHeuristic2) choosing M links, and back
// links that re-run the heuristic on the neighbour's list when it is full (maxM0 = 2M at level
// 0, M above).
// Invariants: levels are drawn up front from SeededRandom(seed) with mult = 1/ln(M), and nodes
// are inserted in row order on one thread, so the same (vectors, spec, seed) always yields the
// same graph and the same bytes on one kind of CPU (the distance kernels round differently with
// and without FMA, so an AVX2 machine and another may break ties differently); unused link
// slots stay zero. After the last insertion
// `repairConnectivity()` (HNSWConnectivityRepair.swift) links any row left unreachable.
// HNSW_SQ builds walk on the SQ8 codes (HNSWBuildSpace: the float graph's links, the codes'
// scores), about a quarter of the memory traffic per scored node, and re-score on the floats
// only the candidates the heuristic examines, so the kept links and back-link distances are
// exact.
// Ownership: owns its graph until `finish()` hands it to an HNSWIndex; single-threaded.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import QuiverKernels

struct HNSWBuilder: ~Copyable {
    let graph: HNSWGraph
    let efConstruction: Int
    /// HNSW_SQ: the beam searches score on these codes (their links are filled after the
    /// build); the neighbour selection re-scores the candidates it examines on the floats.
    let codes: HNSWCodeGraph?
    let scratch: HNSWSearchScratch
    /// Beam results of one level, ascending, then the neighbours the heuristic keeps.
    let candidates: UnsafeMutablePointer<HNSWNode>
    private let selected: UnsafeMutablePointer<HNSWNode>
    /// The same pair for re-pruning a full neighbour list.
    private let pruneCandidates: UnsafeMutablePointer<HNSWNode>
    private let pruneSelected: UnsafeMutablePointer<HNSWNode>

    init(graph: HNSWGraph, efConstruction: Int, codes: HNSWCodeGraph? = nil) {
        self.graph = graph
        self.efConstruction = efConstruction
        self.codes = codes
        scratch = HNSWSearchScratch(nodeCount: graph.count, dimension: graph.dimension, linkCapacity: graph.maxM0,
                                    ef: efConstruction)
        candidates = .allocate(capacity: efConstruction + 1)
        selected = .allocate(capacity: graph.maxM0 + 1)
        pruneCandidates = .allocate(capacity: graph.maxM0 + 1)
        pruneSelected = .allocate(capacity: graph.maxM0 + 1)
    }

    deinit {
        candidates.deallocate()
        selected.deallocate()
        pruneCandidates.deallocate()
        pruneSelected.deallocate()
    }

    /// Levels for `count` nodes: floor(-ln(u) * mult), u uniform in (0, 1], mult = 1 / ln(M).
    static func drawLevels(count: Int, maxM: Int, seed: UInt64) -> [UInt8] {
        var random = SeededRandom(seed: seed)
        let mult = 1 / log(Double(maxM))
        return (0..<count).map { _ in
            let u = (Double(random.next() >> 11) + 1) * 0x1p-53
            return UInt8(min(Int(-log(u) * mult), Int(UInt8.max)))
        }
    }

    /// Links `node` (whose vector is already in its record) into the graph.
    func insert(_ node: UInt32) {
        let level = Int(graph.levels[Int(node)])
        guard graph.entryPoint != HNSWGraph.noNode else {
            graph.entryPoint = node
            graph.maxLevel = level
            return
        }
        let query = UnsafePointer(graph.vector(node))
        if let codes {
            let constant = codes.prepare(query, weights: scratch.weights, prepared: scratch.preparedQuery)
            let scoring = HNSWCodeSpace(codes: codes, prepared: scratch.preparedQuery, constant: constant)
            link(node, level: level, rescoring: query) { [graph] in HNSWBuildSpace(graph: graph, scoring: scoring, level: $0) }
        } else {
            link(node, level: level, rescoring: nil) { [graph] in HNSWFloatSpace(graph: graph, query: query, level: $0) }
        }
        if level > graph.maxLevel {
            graph.entryPoint = node
            graph.maxLevel = level
        }
    }

    /// The insertion proper, with every walk scored by `space(level)`. `query`, when given, is
    /// the node's float vector: the walk's scores are approximate, so the candidates the
    /// heuristic examines are re-scored on it.
    private func link<Space: HNSWWalkSpace>(_ node: UInt32, level: Int, rescoring query: UnsafePointer<Float>?,
                                            space: (Int) -> Space) {
        var entry = graph.entryPoint
        var entryDistance: Float = 0
        space(0).score(&entry, 1, into: &entryDistance)
        if level < graph.maxLevel {
            (entry, entryDistance) = graph.greedyDescend(scoring: space(0), from: entry, startDistance: entryDistance,
                                                         fromLevel: graph.maxLevel, downTo: level, scratch: scratch)
        }
        var currentLevel = min(level, graph.maxLevel)
        while currentLevel >= 0 {
            HNSWBeam.search(space(currentLevel), entry: entry, entryDistance: entryDistance, ef: efConstruction,
                            allowed: nil, scratch: scratch)
            let foundCount = scratch.results.drainAscending(into: candidates)
            let keptCount = selectNeighbours(candidates, foundCount, maxCount: graph.maxM, into: selected, rescoring: query)
            let list = graph.links(node, level: currentLevel)
            list[0] = UInt32(keptCount)
            for i in 0..<keptCount { list[1 + i] = selected[i].node }
            for i in 0..<keptCount {
                addBackLink(from: selected[i].node, to: node, distance: selected[i].distance, level: currentLevel)
            }
            // The next level's walk continues from the closest node found, which the heuristic
            // always keeps first, with its distance on the walk's scale.
            entry = candidates[0].node
            entryDistance = candidates[0].distance
            currentLevel -= 1
        }
    }

    /// hnswlib's getNeighborsByHeuristic2 over `sorted` (ascending by distance to the base
    /// node): keeps a candidate when no already-kept neighbour is closer to it than the base is.
    /// With fewer than `maxCount` candidates every one is kept.
    /// With `query`, each candidate examined gets its float distance to it first (the order
    /// stays the walk's).
    private func selectNeighbours(_ sorted: UnsafeMutablePointer<HNSWNode>, _ sortedCount: Int, maxCount: Int,
                                  into kept: UnsafeMutablePointer<HNSWNode>, rescoring query: UnsafePointer<Float>? = nil) -> Int {
        if sortedCount < maxCount {
            kept.update(from: sorted, count: sortedCount)
            if let query {
                for i in 0..<sortedCount { kept[i].distance = graph.distance(query, graph.vector(kept[i].node)) }
            }
            return sortedCount
        }
        var keptCount = 0
        for i in 0..<sortedCount {
            if keptCount >= maxCount { break }
            var candidate = sorted[i]
            if let query { candidate.distance = graph.distance(query, graph.vector(candidate.node)) }
            let candidateVector = graph.vector(candidate.node)
            var isDiverse = true
            for j in 0..<keptCount where graph.distance(graph.vector(kept[j].node), candidateVector) < candidate.distance {
                isDiverse = false
                break
            }
            if isDiverse {
                kept[keptCount] = candidate
                keptCount += 1
            }
        }
        return keptCount
    }

    /// Adds `newNode` to `node`'s list at `level`; a full list is re-pruned by the heuristic
    /// over its links plus `newNode`.
    private func addBackLink(from node: UInt32, to newNode: UInt32, distance: Float, level: Int) {
        let list = graph.links(node, level: level)
        let linkCount = Int(list[0])
        let capacity = graph.capacity(level: level)
        if linkCount < capacity {
            list[1 + linkCount] = newNode
            list[0] = UInt32(linkCount + 1)
            return
        }
        let base = graph.vector(node)
        pruneCandidates[0] = HNSWNode(distance: distance, node: newNode)
        for i in 0..<linkCount {
            let neighbour = list[1 + i]
            pruneCandidates[1 + i] = HNSWNode(distance: graph.distance(base, graph.vector(neighbour)), node: neighbour)
        }
        let total = linkCount + 1
        // Insertion sort by (distance, node): at most 2M + 1 entries.
        for i in 1..<total {
            let item = pruneCandidates[i]
            var j = i
            while j > 0 && pruneCandidates[j - 1].isAbove(item) {
                pruneCandidates[j] = pruneCandidates[j - 1]
                j -= 1
            }
            pruneCandidates[j] = item
        }
        let keptCount = selectNeighbours(pruneCandidates, total, maxCount: capacity, into: pruneSelected)
        list[0] = UInt32(keptCount)
        for i in 0..<keptCount { list[1 + i] = pruneSelected[i].node }
        for i in keptCount..<capacity { list[1 + i] = 0 }
    }
}
