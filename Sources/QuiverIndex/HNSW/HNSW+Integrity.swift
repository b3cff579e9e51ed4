// HNSW+Integrity: hnswlib's checkIntegrity, extended: every link id in range and on a level
// its target has, no self-links, no duplicate links, link counts within capacity, the entry
// point on the top level, and every row reachable from the entry point at level 0 (a row no
// walk can reach is a row no search can return).
// Invariants: read-only; O(count * M) time and a count-bit visited set.
// Ownership: called by tests and under QUIVER_INTERNAL_CHECKS after build or decode.

import QuiverKernels

/// The graph broke one or more structural rules. `violations` lists the first few (rows and
/// levels only, never vector values); `violationCount` counts them all.
package struct HNSWIntegrityError: Error, Sendable, CustomStringConvertible {
    package let violations: [String]
    package let violationCount: Int

    package var description: String {
        "HNSW integrity check failed with \(violationCount) violations: " + violations.joined(separator: "; ")
    }
}

extension HNSWIndex {
    package func checkIntegrity() throws(HNSWIntegrityError) {
        let maxReported = 20
        var violations: [String] = []
        var violationCount = 0
        func report(_ message: String) {
            violationCount += 1
            if violations.count < maxReported { violations.append(message) }
        }
        let graph = self.graph
        if count == 0 {
            if graph.entryPoint != HNSWGraph.noNode { report("empty graph has entry point \(graph.entryPoint)") }
        } else if Int(graph.entryPoint) >= count {
            report("entry point \(graph.entryPoint) outside 0..<\(count)")
        } else {
            if Int(graph.levels[Int(graph.entryPoint)]) != graph.maxLevel {
                report("entry point \(graph.entryPoint) has level \(graph.levels[Int(graph.entryPoint)]), top level is \(graph.maxLevel)")
            }
            let highest = (0..<count).reduce(0) { max($0, Int(graph.levels[$1])) }
            if highest != graph.maxLevel { report("top level \(graph.maxLevel) but a row has level \(highest)") }
        }
        var seen = Set<UInt32>()
        for node in 0..<UInt32(count) {
            for level in 0...Int(graph.levels[Int(node)]) {
                if let problem = graph.linkProblem(node, level: level) {
                    report("row \(node) level \(level): \(problem)")
                    continue
                }
                let list = graph.links(node, level: level)
                seen.removeAll(keepingCapacity: true)
                for i in 0..<Int(list[0]) {
                    let neighbour = list[1 + i]
                    if neighbour == node { report("row \(node) level \(level) links to itself") }
                    if !seen.insert(neighbour).inserted { report("row \(node) level \(level) links to \(neighbour) twice") }
                }
            }
        }
        if violationCount == 0 && count > 0 {
            let unreachable = unreachableRowsAtLevel0()
            if !unreachable.isEmpty {
                report("\(unreachable.count) rows unreachable from the entry point at level 0, first \(unreachable.prefix(5).map { $0 })")
            }
        }
        if violationCount > 0 { throw HNSWIntegrityError(violations: violations, violationCount: violationCount) }
    }

    /// Rows that no level-0 walk from the entry point reaches (links must be valid).
    func unreachableRowsAtLevel0() -> [Int] {
        var reached = Bitset(count: count)
        var stack: [UInt32] = [graph.entryPoint]
        reached[Int(graph.entryPoint)] = true
        while let node = stack.popLast() {
            let list = graph.links0(node)
            for i in 0..<Int(list[0]) where !reached[Int(list[1 + i])] {
                reached[Int(list[1 + i])] = true
                stack.append(list[1 + i])
            }
        }
        var unreachable = Bitset(repeating: true, count: count)
        unreachable.subtract(reached)
        return unreachable.setIndices()
    }
}
