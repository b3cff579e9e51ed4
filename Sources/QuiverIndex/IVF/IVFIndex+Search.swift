// IVFIndex search: probe the nprobe best lists, scan them with the code type's scorer, collect
// the allowed rows into a top-k heap or a range window. See IVFListScan for the loop.
// Invariants: nprobe is clamped to 1...listCount; `allowed` is checked inside the list scan,
// so a cleared row never enters the heap; COSINE queries are normalised first.
// Ownership: read-only on the index; each call owns its query copy, scorer and scratch.

import QuiverKernels

extension IVFIndex {
    package func search(_ query: UnsafeBufferPointer<Float>, k: Int, parameters: IndexSearchParameters,
                       allowed: Bitset?) -> [IndexHit] {
        precondition(query.count == dimension, "query has \(query.count) floats, index dimension \(dimension)")
        if let allowed { precondition(allowed.count == count, "allowed has \(allowed.count) bits, index \(count) rows") }
        guard k > 0, count > 0 else { return [] }
        var collector = TopKCollector(heap: TopK(k: min(k, count), largerIsCloser: spec.metric.largerIsCloser))
        scanProbedLists(query, parameters: parameters, allowed: allowed, collector: &collector)
        return collector.heap.sortedHits()
    }

    package func rangeSearch(_ query: UnsafeBufferPointer<Float>, radius: Float, rangeFilter: Float?, limit: Int,
                            parameters: IndexSearchParameters, allowed: Bitset?) -> [IndexHit] {
        precondition(query.count == dimension, "query has \(query.count) floats, index dimension \(dimension)")
        if let allowed { precondition(allowed.count == count, "allowed has \(allowed.count) bits, index \(count) rows") }
        guard limit > 0, count > 0 else { return [] }
        var collector = RangeCollector(window: RangeSearchWindow(metric: spec.metric, radius: radius,
                                                                 rangeFilter: rangeFilter))
        scanProbedLists(query, parameters: parameters, allowed: allowed, collector: &collector)
        return collector.window.bestFirst(collector.hits, limit: limit)
    }

    /// nprobe from the parameters (default 8), clamped to 1...listCount.
    package func probeCount(for parameters: IndexSearchParameters) -> Int {
        min(max(1, parameters.nprobe ?? IVFIndex.defaultProbeCount), listCount)
    }

    private func scanProbedLists<Collector: HitCollector>(
        _ query: UnsafeBufferPointer<Float>, parameters: IndexSearchParameters, allowed: Bitset?,
        collector: inout Collector
    ) {
        var prepared = Array(query)
        if spec.metric == .cosine {
            prepared.withUnsafeMutableBufferPointer { IVFKernels.normalizeRows($0, rowCount: 1, dimension: dimension) }
        }
        let usesL2 = spec.metric == .l2
        prepared.withUnsafeBufferPointer { q in
            let q = q.baseAddress!
            let probes = quantizer.probe(q, nprobe: probeCount(for: parameters))
            switch encoding {
            case .flat:
                var scorer = FlatListScorer(query: q, dimension: dimension, usesL2: usesL2)
                IVFListScan.scan(lists: lists, probes: probes, scorer: &scorer, allowed: allowed, collector: &collector)
            case .scalar(let sq):
                var scorer = SQ8ListScorer(quantizer: sq, query: q, usesL2: usesL2)
                IVFListScan.scan(lists: lists, probes: probes, scorer: &scorer, allowed: allowed, collector: &collector)
            case .product(let pq):
                var scorer = PQListScorer(quantizer: pq, centroids: quantizer.centroids, query: q, usesL2: usesL2)
                IVFListScan.scan(lists: lists, probes: probes, scorer: &scorer, allowed: allowed, collector: &collector)
            }
        }
    }
}
