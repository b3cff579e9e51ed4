// CoarseQuantizer: the IVF centroids, and the two questions asked of them: which list does a
// row go to (assignment, always nearest by squared L2, so lists are Voronoi cells and PQ
// residuals stay small) and which lists does a query probe (the `probeMetric`'s best nprobe
// centroids: L2 for L2 and COSINE (vectors are unit length there), inner product for IP, as
// faiss's IndexFlatIP quantizer ranks them).
// Invariants: centroids.count == listCount * dimension; normsSquared[i] == |centroid i|^2;
// immutable after init.
// Ownership: owned by one IVFIndex; immutable, so safe to share between threads.

import QuiverKernels

struct CoarseQuantizer: Sendable {
    let dimension: Int
    let listCount: Int
    let probeMetric: Metric
    /// Row-major [listCount][dimension].
    let centroids: [Float]
    let normsSquared: [Float]

    init(centroids: [Float], listCount: Int, dimension: Int, probeMetric: Metric) {
        precondition(dimension > 0 && centroids.count == listCount * dimension, "coarse quantizer shape")
        precondition(probeMetric == .l2 || probeMetric == .innerProduct, "probe metric \(probeMetric)")
        self.dimension = dimension
        self.listCount = listCount
        self.probeMetric = probeMetric
        self.centroids = centroids
        self.normsSquared = centroids.withUnsafeBufferPointer {
            KMeans.normsSquared(of: $0, rowCount: listCount, dimension: dimension)
        }
    }

    /// The nearest list (squared L2) of each of `rowCount` rows, in blocks through sgemm.
    func assign(_ rows: UnsafeBufferPointer<Float>, rowCount: Int) -> [Int32] {
        var assignment = [Int32](repeating: 0, count: rowCount)
        guard rowCount > 0 else { return assignment }
        assignment.withUnsafeMutableBufferPointer { a in
            centroids.withUnsafeBufferPointer { c in
                _ = KMeans.assignToNearest(points: rows, pointCount: rowCount, dimension: dimension, centroids: c,
                                       clusterCount: listCount, centroidNormsSquared: normsSquared, into: a)
            }
        }
        return assignment
    }

    /// The `nprobe` lists to scan for `query` (already normalised for COSINE), best first, each
    /// with its coarse score (L2: |q - c|^2; IP: q.c).
    func probe(_ query: UnsafePointer<Float>, nprobe: Int) -> [(score: Float, label: Int)] {
        precondition(nprobe > 0 && nprobe <= listCount, "nprobe \(nprobe) outside 1...\(listCount)")
        var best = TopK(k: nprobe, largerIsCloser: probeMetric.largerIsCloser)
        centroids.withUnsafeBufferPointer { c in
            let base = c.baseAddress!
            if probeMetric == .l2 {
                for list in 0..<listCount {
                    let score = IVFKernels.l2Squared(query, base + list &* dimension, dimension)
                    if best.accepts(score) { best.push(score: score, label: list) }
                }
            } else {
                for list in 0..<listCount {
                    let score = IVFKernels.innerProduct(query, base + list &* dimension, dimension)
                    if best.accepts(score) { best.push(score: score, label: list) }
                }
            }
        }
        return best.sortedResults()
    }

    var memoryByteCount: Int { (centroids.count + normsSquared.count) * MemoryLayout<Float>.stride }
}
