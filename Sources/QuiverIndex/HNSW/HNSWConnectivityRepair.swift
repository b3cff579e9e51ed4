// HNSWConnectivityRepair: after the last insertion, links every row that no level-0 walk from
// the entry point can reach. hnswlib's back-link pruning can drop a row's last in-link, and
// such a row can never be returned by a search; we search for the row from the entry point
// (every node found that way is reachable) and add it to the closest found node that has a
// free level-0 slot, or, failing that, in place of the closest found node's farthest link.
// Invariants: deterministic (rows repaired in ascending order, same searches), so builds stay
// reproducible; bounded: at most `maxPassCount` passes over the unreachable rows, since a
// replacement may orphan another row; link counts stay within capacity.
// Ownership: part of HNSWBuilder's single-threaded build, before the graph is published.

import QuiverKernels

extension HNSWBuilder {
    static let maxPassCount = 4

    /// Returns the number of rows linked.
    @discardableResult
    func repairConnectivity() -> Int {
        guard graph.count > 1 else { return 0 }
        var repairedCount = 0
        for _ in 0..<HNSWBuilder.maxPassCount {
            var reached = reachableAtLevel0()
            var repairedThisPass = 0
            for row in 0..<graph.count where !reached[row] {
                link(UInt32(row))
                repairedThisPass += 1
                markReachable(from: UInt32(row), in: &reached)
            }
            repairedCount += repairedThisPass
            if repairedThisPass == 0 { break }
        }
        return repairedCount
    }

    private func link(_ node: UInt32) {
        let query = UnsafePointer(graph.vector(node))
        let entry = graph.entryPoint
        let (start, startDistance) = graph.greedyDescend(query, from: entry, startDistance: graph.distance(query, graph.vector(entry)),
                                                         fromLevel: graph.maxLevel, downTo: 0, scratch: scratch)
        graph.searchLayer(query, entry: start, entryDistance: startDistance, level: 0, ef: efConstruction,
                          allowed: nil, scratch: scratch)
        let foundCount = scratch.results.drainAscending(into: candidates)
        precondition(foundCount > 0, "a level-0 search from the entry point found nothing")
        for i in 0..<foundCount where candidates[i].node != node {
            let list = graph.links0(candidates[i].node)
            let linkCount = Int(list[0])
            if linkCount < graph.maxM0 {
                list[1 + linkCount] = node
                list[0] = UInt32(linkCount + 1)
                return
            }
        }
        // Every found node is full: replace the farthest link of the closest one.
        guard let closest = (0..<foundCount).first(where: { candidates[$0].node != node }) else { return }
        let host = candidates[closest].node
        let list = graph.links0(host)
        let hostVector = graph.vector(host)
        var farthestIndex = 0
        var farthestDistance = -Float.infinity
        for i in 0..<Int(list[0]) {
            let d = graph.distance(hostVector, graph.vector(list[1 + i]))
            if d > farthestDistance {
                farthestDistance = d
                farthestIndex = i
            }
        }
        list[1 + farthestIndex] = node
    }

    private func reachableAtLevel0() -> Bitset {
        var reached = Bitset(count: graph.count)
        markReachable(from: graph.entryPoint, in: &reached)
        return reached
    }

    /// Marks `start` and every row reachable from it at level 0.
    private func markReachable(from start: UInt32, in reached: inout Bitset) {
        guard !reached[Int(start)] else { return }
        reached[Int(start)] = true
        var stack: [UInt32] = [start]
        while let node = stack.popLast() {
            let list = graph.links0(node)
            for i in 0..<Int(list[0]) where !reached[Int(list[1 + i])] {
                reached[Int(list[1 + i])] = true
                stack.append(list[1 + i])
            }
        }
    }
}
