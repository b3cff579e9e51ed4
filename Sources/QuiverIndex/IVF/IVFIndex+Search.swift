// IVFIndex search: probe the nprobe best lists, scan them with the code type's scorer, collect
// the allowed rows into a top-k heap or a range window (search and range search are
// CollectingIndex's). See IVFListScan for the loop.
// Invariants: nprobe is clamped to 1...listCount; `allowed` is checked inside the list scan,
// so a cleared row never enters the heap; COSINE queries are normalised first.
// Ownership: read-only on the index; each call owns its query copy, scorer and scratch.

import QuiverKernels

extension IVFIndex {
    package var queryWidth: Int { dimension }

    /// nprobe from the parameters (default 8), clamped to 1...listCount.
    package func probeCount(for parameters: IndexSearchParameters) -> Int {
        min(max(1, parameters.nprobe ?? IVFIndex.defaultProbeCount), listCount)
    }

    /// The rows of the nprobe lists closest to the query, scored by the code type's scorer.
    package func collect<Collector: HitCollector>(_ query: UnsafeBufferPointer<Float>, parameters: IndexSearchParameters,
                                                  allowed: Bitset?, into collector: inout Collector) {
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
                var scorer = FlatListScorer(query: UnsafeBufferPointer(start: q, count: dimension), usesL2: usesL2)
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
