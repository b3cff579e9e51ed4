// IVFListScan: the one loop every IVF search runs (faiss's InvertedListScanner): for each
// probed list, let the code type's scorer prepare (e.g. build the PQ distance table), score the
// list's codes into a scratch buffer, then offer each allowed row to a collector (top-k heap or
// range filter). Generic over scorer and collector so both are specialised, with no closures
// and no per-row dynamic dispatch.
// Invariants: a row whose bit is clear in `allowedWords` never reaches the collector; scores
// are the metric's raw (possibly approximate) score; the scratch holds the largest list.
// Ownership: stateless functions; each search owns its scorer, collector and scratch.

import QuiverKernels

/// Scores the codes of one code type for one query.
protocol IVFListScorer {
    /// Called once per probed list before `score`; `coarseScore` is the list's probe score.
    mutating func prepare(list: Int, coarseScore: Float)
    /// Scores `rowCount` consecutive codes (each `codeByteCount` bytes) into `scores`.
    func score(codes: UnsafePointer<UInt8>, rowCount: Int, into scores: UnsafeMutablePointer<Float>)
}

enum IVFListScan {
    static func scan<Scorer: IVFListScorer, Collector: HitCollector>(
        lists: InvertedLists, probes: [(score: Float, label: Int)], scorer: inout Scorer,
        allowed: Bitset?, collector: inout Collector
    ) {
        var scratch = [Float](repeating: 0, count: max(1, lists.largestListSize))
        let allowedWords = allowed?.words ?? []
        let filtered = allowed != nil
        lists.rowIDs.withUnsafeBufferPointer { rowIDs in
            lists.codes.withUnsafeBufferPointer { codes in
                scratch.withUnsafeMutableBufferPointer { scores in
                    allowedWords.withUnsafeBufferPointer { words in
                        for probe in probes {
                            let list = probe.label
                            let start = lists.listOffsets[list], end = lists.listOffsets[list + 1]
                            guard end > start else { continue }
                            scorer.prepare(list: list, coarseScore: probe.score)
                            let rowCount = end - start
                            scorer.score(codes: codes.baseAddress! + start &* lists.codeByteCount, rowCount: rowCount,
                                         into: scores.baseAddress!)
                            if filtered {
                                let w = words.baseAddress!
                                for i in 0..<rowCount {
                                    let row = Int(rowIDs[start &+ i])
                                    if isRowAllowed(w, row) { collector.offer(score: scores[i], row: row) }
                                }
                            } else {
                                for i in 0..<rowCount {
                                    collector.offer(score: scores[i], row: Int(rowIDs[start &+ i]))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
