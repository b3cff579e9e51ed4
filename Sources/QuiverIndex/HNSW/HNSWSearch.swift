// HNSWSearch: the two graph walks of Malkov & Yashunin, as hnswlib writes them: a greedy
// descent through the upper levels, and a best-first beam search of width ef on one level
// (searchBaseLayer / searchBaseLayerST). Shared by build (any level, no filter) and search
// (level 0, optional filter).
// Invariants: on return `scratch.results` holds at most ef nodes, the closest found, all
// allowed; disallowed nodes are still expanded (they keep the graph connected) but never enter
// the results; the walk stops when the closest unexpanded candidate is farther than the
// worst kept result and ef results are kept, so with a sparse filter it may visit every
// reachable node (HNSWIndex switches to an exact scan before that gets expensive).
// Ownership: pure reads of an immutable (or builder-owned) graph plus one scratch.

extension HNSWGraph {
    /// Greedy descent from the entry point down to level `stopLevel + 1` and returns the closest
    /// node found at `stopLevel + 1` with its distance (the entry for the next level).
    @inline(__always)
    func greedyDescend(_ query: UnsafePointer<Float>, from start: UInt32, startDistance: Float,
                       fromLevel topLevel: Int, downTo stopLevel: Int) -> (node: UInt32, distance: Float) {
        var current = start
        var currentDistance = startDistance
        var level = topLevel
        while level > stopLevel {
            var changed = true
            while changed {
                changed = false
                let list = links(current, level: level)
                let linkCount = Int(list[0])
                for i in 0..<linkCount {
                    let candidate = list[1 &+ i]
                    let d = distance(query, vector(candidate))
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

    /// Beam search of width `ef` on `level` from `entry`; leaves the closest nodes found in
    /// `scratch.results` (max-heap by distance). `allowed`, when given, is a Bitset's words.
    func searchLayer(_ query: UnsafePointer<Float>, entry: UInt32, entryDistance: Float, level: Int, ef: Int,
                     allowed: UnsafePointer<UInt64>?, scratch: HNSWSearchScratch) {
        scratch.visited.reset()
        scratch.candidates.removeAll()
        scratch.results.removeAll()
        let visited = scratch.visited
        _ = visited.insert(entry)
        var lowerBound = Float.infinity
        if isAllowed(entry, allowed) {
            scratch.results.push(entryDistance, entry)
            lowerBound = entryDistance
        }
        scratch.candidates.push(-entryDistance, entry)
        while !scratch.candidates.isEmpty {
            let candidate = scratch.candidates.top
            if -candidate.distance > lowerBound && scratch.results.count >= ef { break }
            scratch.candidates.pop()
            let list = links(candidate.node, level: level)
            let linkCount = Int(list[0])
            for i in 0..<linkCount {
                let neighbour = list[1 &+ i]
                guard visited.insert(neighbour) else { continue }
                let d = distance(query, vector(neighbour))
                guard scratch.results.count < ef || d < lowerBound else { continue }
                scratch.candidates.push(-d, neighbour)
                if isAllowed(neighbour, allowed) {
                    scratch.results.push(d, neighbour)
                    if scratch.results.count > ef { scratch.results.pop() }
                    lowerBound = scratch.results.top.distance
                }
            }
        }
    }

    @inline(__always)
    func isAllowed(_ node: UInt32, _ allowed: UnsafePointer<UInt64>?) -> Bool {
        guard let allowed else { return true }
        return allowed[Int(node >> 6)] & (1 << UInt64(node & 63)) != 0
    }
}
