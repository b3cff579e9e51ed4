// KMeans: Lloyd's k-means under squared L2 for float points, used to train the IVF coarse
// quantizer and the PQ sub-quantizers. Seeded and deterministic: the same points, k, iteration
// count and seed give the same centroids.
// Init: k distinct points drawn with the seed (faiss's default; k-means++ measured no better
// recall here and costs k sequential passes over the points).
// Each iteration assigns every point to its nearest centroid with BatchDistances (sgemm, in
// blocks of rows), records the inertia (sum of squared distances) of that assignment, then
// moves each centroid to its members' mean. An empty cluster is repaired by splitting the
// largest one: the empty centroid becomes a slightly perturbed copy of the largest's.
// When k >= n every point is its own centroid and the surplus centroids repeat points.
// Ownership: stateless; safe from any thread.

import QuiverKernels

struct KMeansResult {
    /// Row-major [clusterCount][dimension].
    var centroids: [Float]
    /// Inertia of the assignment made at the start of each iteration (first = after init).
    var inertiaByIteration: [Double]
}

enum KMeans {
    static let defaultIterationCount = 20

    static func train(points: UnsafeBufferPointer<Float>, pointCount: Int, dimension: Int, clusterCount: Int,
                      iterationCount: Int = defaultIterationCount, seed: UInt64) -> KMeansResult {
        precondition(dimension > 0 && clusterCount > 0 && pointCount > 0, "k-means needs points and clusters")
        precondition(points.count >= pointCount * dimension, "k-means: short point buffer")
        let base = points.baseAddress!
        var random = SeededRandom(seed: seed)
        var centroids = [Float](repeating: 0, count: clusterCount * dimension)
        if pointCount <= clusterCount {
            centroids.withUnsafeMutableBufferPointer { c in
                for cluster in 0..<clusterCount {
                    let source = base + (cluster % pointCount) * dimension
                    (c.baseAddress! + cluster * dimension).update(from: source, count: dimension)
                }
            }
            return KMeansResult(centroids: centroids, inertiaByIteration: [0])
        }
        initializeBySampling(points: base, pointCount: pointCount, dimension: dimension, into: &centroids,
                             clusterCount: clusterCount, random: &random)

        var assignment = [Int32](repeating: 0, count: pointCount)
        var inertias: [Double] = []
        var sums = [Double](repeating: 0, count: clusterCount * dimension)
        var sizes = [Int](repeating: 0, count: clusterCount)
        for _ in 0..<max(1, iterationCount) {
            let inertia = assignment.withUnsafeMutableBufferPointer { a in
                centroids.withUnsafeBufferPointer { c in
                    assignToNearest(points: points, pointCount: pointCount, dimension: dimension,
                                    centroids: c, clusterCount: clusterCount, into: a)
                }
            }
            inertias.append(inertia)
            for i in sums.indices { sums[i] = 0 }
            for i in sizes.indices { sizes[i] = 0 }
            sums.withUnsafeMutableBufferPointer { s in
                for point in 0..<pointCount {
                    let cluster = Int(assignment[point])
                    sizes[cluster] += 1
                    let p = base + point * dimension
                    let row = s.baseAddress! + cluster * dimension
                    for j in 0..<dimension { row[j] += Double(p[j]) }
                }
            }
            for cluster in 0..<clusterCount where sizes[cluster] > 0 {
                let inverse = 1 / Double(sizes[cluster])
                for j in 0..<dimension {
                    centroids[cluster * dimension + j] = Float(sums[cluster * dimension + j] * inverse)
                }
            }
            splitLargestIntoEmpty(centroids: &centroids, sizes: &sizes, dimension: dimension)
        }
        return KMeansResult(centroids: centroids, inertiaByIteration: inertias)
    }

    /// Assigns each point to its nearest centroid (squared L2, first on ties up to sgemm rounding);
    /// returns the summed squared distance. One sgemm per block of rows gives the dot products, and
    /// a fused SIMD pass takes argmin_j |c_j|^2 - 2 x.c_j (|x|^2 does not change the argmin).
    /// Blocks keep the score scratch near 16 MiB.
    @discardableResult
    static func assignToNearest(points: UnsafeBufferPointer<Float>, pointCount: Int, dimension: Int,
                                centroids c: UnsafeBufferPointer<Float>, clusterCount: Int,
                                centroidNormsSquared: [Float]? = nil,
                                into assignment: UnsafeMutableBufferPointer<Int32>,
                                distances: UnsafeMutableBufferPointer<Float>? = nil) -> Double {
        precondition(assignment.count >= pointCount && c.count == clusterCount * dimension, "assign: shapes")
        precondition(clusterCount <= Int(Int32.max), "assign: too many clusters")
        guard pointCount > 0 else { return 0 }
        let norms = centroidNormsSquared ?? normsSquared(of: c, rowCount: clusterCount, dimension: dimension)
        precondition(norms.count == clusterCount, "assign: norms")
        let blockRowCount = max(1, min(pointCount, 4096, (1 << 22) / clusterCount))
        // sgemm overwrites every score it reports, so the scratch needs no zeroing.
        var scores = [Float](unsafeUninitializedCapacity: blockRowCount * clusterCount) { _, initialized in
            initialized = blockRowCount * clusterCount
        }
        var inertia = 0.0
        norms.withUnsafeBufferPointer { n in
            scores.withUnsafeMutableBufferPointer { s in
                var start = 0
                while start < pointCount {
                    let rows = min(blockRowCount, pointCount - start)
                    let block = UnsafeBufferPointer(rebasing: points[(start * dimension)..<((start + rows) * dimension)])
                    BatchDistances.scoreFloatRows(metric: .innerProduct, queries: block, queryCount: rows, base: c,
                                                  baseCount: clusterCount, dimension: dimension, into: s)
                    for r in 0..<rows {
                        let (best, partial) = nearestByDots(s.baseAddress! + r &* clusterCount, n.baseAddress!, clusterCount)
                        let x = block.baseAddress! + r &* dimension
                        let distance = max(0, IVFKernels.innerProduct(x, x, dimension) + partial)
                        assignment[start + r] = Int32(truncatingIfNeeded: best)
                        distances?[start + r] = distance
                        inertia += Double(distance)
                    }
                    start += rows
                }
            }
        }
        return inertia
    }

    /// argmin_j norms[j] - 2 dots[j] over `count` (> 0) entries, first on ties (0 if all are NaN).
    /// SIMD8 lanes in optimised builds; unoptimised builds take the scalar loop, which gives the
    /// same answer and is ~50x faster there (generic SIMD mask operations are not specialised at -Onone).
    @inline(__always)
    static func nearestByDots(_ dots: UnsafePointer<Float>, _ norms: UnsafePointer<Float>, _ count: Int)
        -> (index: Int, value: Float)
    {
        #if DEBUG
        var best = 0, bestValue = Float.infinity
        for j in 0..<count {
            let value = norms[j] - 2 * dots[j]
            if value < bestValue {
                bestValue = value
                best = j
            }
        }
        return (best, bestValue)
        #else
        var bestValues = SIMD8<Float>(repeating: .infinity)
        var bestIndices = SIMD8<Int32>(repeating: Int32.max)
        var lanes = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
        var j = 0
        while j &+ 8 <= count {
            let values = IVFKernels.load8(norms, j) - 2 * IVFKernels.load8(dots, j)
            let better = values .< bestValues
            bestValues.replace(with: values, where: better)
            bestIndices.replace(with: lanes, where: better)
            lanes &+= 8
            j &+= 8
        }
        var best = Int(Int32.max), bestValue = Float.infinity
        for lane in 0..<8 where bestValues[lane] < bestValue
            || (bestValues[lane] == bestValue && Int(bestIndices[lane]) < best) {
            bestValue = bestValues[lane]
            best = Int(bestIndices[lane])
        }
        while j < count {
            let value = norms[j] - 2 * dots[j]
            if value < bestValue {
                bestValue = value
                best = j
            }
            j &+= 1
        }
        if best == Int(Int32.max) { best = 0 }  // every value NaN or infinite: fall back to the first
        return (best, bestValue)
        #endif
    }

    static func normsSquared(of rows: UnsafeBufferPointer<Float>, rowCount: Int, dimension: Int) -> [Float] {
        precondition(rows.count >= rowCount * dimension, "normsSquared: short buffer")
        return (0..<rowCount).map { i in
            let p = rows.baseAddress! + i * dimension
            return IVFKernels.innerProduct(p, p, dimension)
        }
    }

    /// `sampleCount` distinct row indices out of `rowCount`, ascending (all rows when rowCount <= sampleCount).
    static func sampleRows(rowCount: Int, sampleCount: Int, seed: UInt64) -> [Int] {
        guard rowCount > sampleCount else { return Array(0..<rowCount) }
        var random = SeededRandom(seed: seed)
        var permutation = Array(0..<rowCount)
        for i in 0..<sampleCount {
            let j = i + Int(random.next() % UInt64(rowCount - i))
            permutation.swapAt(i, j)
        }
        return permutation[..<sampleCount].sorted()
    }

    // MARK: Internal

    private static func initializeBySampling(points: UnsafePointer<Float>, pointCount: Int, dimension: Int,
                                             into centroids: inout [Float], clusterCount: Int,
                                             random: inout SeededRandom) {
        let chosen = sampleRows(rowCount: pointCount, sampleCount: clusterCount, seed: random.next())
        for (cluster, point) in chosen.enumerated() {
            for j in 0..<dimension { centroids[cluster * dimension + j] = points[point * dimension + j] }
        }
    }

    /// faiss's repair: each empty cluster takes half of the currently largest cluster, its
    /// centroid nudged by +-1/1024 (relative) per dimension in opposite directions.
    private static func splitLargestIntoEmpty(centroids: inout [Float], sizes: inout [Int], dimension: Int) {
        let epsilon: Float = 1.0 / 1024
        for empty in sizes.indices where sizes[empty] == 0 {
            var largest = 0
            for cluster in sizes.indices where sizes[cluster] > sizes[largest] { largest = cluster }
            guard sizes[largest] > 1 else { return }
            for j in 0..<dimension {
                let value = centroids[largest * dimension + j]
                let nudge = epsilon * (abs(value) + 1e-6)
                let sign: Float = j % 2 == 0 ? 1 : -1
                centroids[empty * dimension + j] = value + sign * nudge
                centroids[largest * dimension + j] = value - sign * nudge
            }
            sizes[empty] = sizes[largest] / 2
            sizes[largest] -= sizes[empty]
        }
    }
}
