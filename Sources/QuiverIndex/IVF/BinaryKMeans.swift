// BinaryKMeans: k-means over packed binary vectors under Hamming distance, for BIN_IVF_FLAT's
// coarse quantizer (faiss's IndexBinaryIVF trains the same way). Centroids are binary: each
// bit is the majority vote of the cluster's members (ties give 0). Init draws k distinct
// points with the seed; an empty cluster is repaired by splitting the largest one: its member
// farthest from its centroid becomes the empty cluster's centroid.
// Invariants: deterministic for a seed; centroids.count == clusterCount * bytesPerRow; when
// k >= n every point is its own centroid and the surplus centroids repeat points.
// Ownership: stateless; safe from any thread.
// Why not one generic k-means with KMeans: the two share only the Lloyd loop's outline (assign,
// accumulate, update); the steps differ in kind, not element type (a BLAS-backed L2 assignment
// and Double means for floats, Hamming and per-bit vote counts for bits), and the sampling they
// do share is KMeans.sampleRows.

import QuiverKernels

enum BinaryKMeans {
    static func train(points: UnsafeBufferPointer<UInt8>, pointCount: Int, bytesPerRow: Int, clusterCount: Int,
                      iterationCount: Int = KMeans.defaultIterationCount, seed: UInt64)
        -> (centroids: [UInt8], inertiaByIteration: [Double])
    {
        precondition(bytesPerRow > 0 && clusterCount > 0 && pointCount > 0, "binary k-means needs points and clusters")
        precondition(points.count >= pointCount * bytesPerRow, "binary k-means: short point buffer")
        let base = points.baseAddress!
        var centroids = [UInt8](repeating: 0, count: clusterCount * bytesPerRow)
        let initial = pointCount <= clusterCount
            ? (0..<clusterCount).map { $0 % pointCount }
            : KMeans.sampleRows(rowCount: pointCount, sampleCount: clusterCount, seed: seed)
        centroids.withUnsafeMutableBufferPointer { c in
            for (cluster, point) in initial.enumerated() {
                (c.baseAddress! + cluster * bytesPerRow).update(from: base + point * bytesPerRow, count: bytesPerRow)
            }
        }
        guard pointCount > clusterCount else { return (centroids, [0]) }

        let bitCount = bytesPerRow * 8
        var assignment = [Int32](repeating: 0, count: pointCount)
        var distances = [Float](repeating: 0, count: pointCount)
        var votes = [Int32](repeating: 0, count: clusterCount * bitCount)
        var sizes = [Int](repeating: 0, count: clusterCount)
        var inertias: [Double] = []
        for _ in 0..<max(1, iterationCount) {
            let inertia = assignment.withUnsafeMutableBufferPointer { a in
                distances.withUnsafeMutableBufferPointer { d in
                    centroids.withUnsafeBufferPointer { c in
                        assignToNearest(points: points, pointCount: pointCount, bytesPerRow: bytesPerRow, centroids: c,
                                        clusterCount: clusterCount, into: a, distances: d)
                    }
                }
            }
            inertias.append(inertia)
            for i in votes.indices { votes[i] = 0 }
            for i in sizes.indices { sizes[i] = 0 }
            votes.withUnsafeMutableBufferPointer { v in
                for point in 0..<pointCount {
                    let cluster = Int(assignment[point])
                    sizes[cluster] += 1
                    let row = base + point * bytesPerRow
                    let counts = v.baseAddress! + cluster * bitCount
                    for byte in 0..<bytesPerRow {
                        var bits = row[byte]
                        while bits != 0 {
                            counts[byte &* 8 &+ bits.trailingZeroBitCount] &+= 1
                            bits &= bits &- 1
                        }
                    }
                }
            }
            for cluster in 0..<clusterCount where sizes[cluster] > 0 {
                for byte in 0..<bytesPerRow {
                    var value: UInt8 = 0
                    for bit in 0..<8 where Int(votes[cluster * bitCount + byte * 8 + bit]) * 2 > sizes[cluster] {
                        value |= 1 << UInt8(bit)
                    }
                    centroids[cluster * bytesPerRow + byte] = value
                }
            }
            for empty in 0..<clusterCount where sizes[empty] == 0 {
                var largest = 0
                for cluster in sizes.indices where sizes[cluster] > sizes[largest] { largest = cluster }
                guard sizes[largest] > 1 else { break }
                var farthest = -1
                for point in 0..<pointCount where Int(assignment[point]) == largest {
                    if farthest < 0 || distances[point] > distances[farthest] { farthest = point }
                }
                for byte in 0..<bytesPerRow {
                    centroids[empty * bytesPerRow + byte] = base[farthest * bytesPerRow + byte]
                }
                assignment[farthest] = Int32(empty)
                sizes[largest] -= 1
                sizes[empty] = 1
            }
        }
        return (centroids, inertias)
    }

    /// Nearest centroid by Hamming (first on ties) of each point; returns the summed distance.
    @discardableResult
    static func assignToNearest(points: UnsafeBufferPointer<UInt8>, pointCount: Int, bytesPerRow: Int,
                                centroids: UnsafeBufferPointer<UInt8>, clusterCount: Int,
                                into assignment: UnsafeMutableBufferPointer<Int32>,
                                distances: UnsafeMutableBufferPointer<Float>? = nil) -> Double {
        precondition(assignment.count >= pointCount && centroids.count == clusterCount * bytesPerRow
                     && points.count >= pointCount * bytesPerRow, "binary assign: shapes")
        guard pointCount > 0, clusterCount > 0 else { return 0 }
        let p = points.baseAddress!, c = centroids.baseAddress!
        var total = 0
        for point in 0..<pointCount {
            let row = p + point &* bytesPerRow
            var best = 0, bestDistance = Int.max
            for cluster in 0..<clusterCount {
                let d = Distance.hammingBitCount(row, c + cluster &* bytesPerRow, bytesPerRow)
                if d < bestDistance {
                    bestDistance = d
                    best = cluster
                }
            }
            assignment[point] = Int32(best)
            distances?[point] = Float(bestDistance)
            total &+= bestDistance
        }
        return Double(total)
    }
}
