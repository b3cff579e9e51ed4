// SearchPlanner: top-k over every store of a read snapshot (buffers and segments alike), one
// plan per store: its ANN index where the segment has one for this field and metric, a
// selective scan of the rows a filter allows when few do (or of the live rows when few are
// live), an exact scan otherwise; deleted
// rows skipped, the stores' candidates merged into one ranking per query. With no index in
// play it is the exact oracle the ANN indexes are measured against.
// Strategy: one query at a time uses the SIMD scan (memory-bandwidth bound); a batch of
// `blasBatchThreshold` or more float queries goes through cblas_sgemm in row chunks, which
// reuses each loaded row for every query.
// Invariants: results are ordered best first by the metric's direction, ties by smaller label
// (store index, row); a deleted row or a row beyond the snapshot's count never appears.

import QuiverFilter
import QuiverIndex
import QuiverKernels
import QuiverStorage

package struct SearchCandidate: Sendable {
    package let storeIndex: Int
    package let row: Int
    package let score: Float
}

package enum QueryVectors: Sendable {
    case float([[Float]])
    case binary([[UInt8]])

    package var count: Int {
        switch self {
        case .float(let vectors): vectors.count
        case .binary(let vectors): vectors.count
        }
    }
}

package enum SearchPlanner {
    static let blasBatchThreshold = 8
    static let rowChunk = 4096
    static let queryGroup = 256

    /// Top-k per query over every store: a segment with an index built for this field and metric
    /// is searched through it (`parameters` set ef / nprobe); every other store is scanned exactly.
    /// With a filter, only live rows that match it can be returned; a store where few rows match
    /// is scored row by row instead of scanned.
    package static func search(_ version: Version, field: FieldSchema, metric: Metric, queries: QueryVectors,
                               k: Int, parameters: IndexSearchParameters = IndexSearchParameters(),
                               filter: Filter? = nil, partitions: Set<Int64>? = nil, range: RangeSearchWindow? = nil,
                               useIndexes: Bool = true) -> [[SearchCandidate]] {
        precondition(k > 0)
        var heaps = (0..<queries.count).map { _ in TopK(k: k, largerIsCloser: metric.largerIsCloser) }
        for (storeIndex, snapshot) in version.stores.enumerated() where snapshot.liveRowCount > 0 {
            var allowed: Bitset? = nil
            if filter != nil || partitions != nil {
                let matching = RowSelection.allowedRows(snapshot, filter: filter, partitions: partitions,
                                                        indexedFields: version.scalarIndexedFields)
                guard !matching.isEmpty else { continue }
                allowed = matching
            }
            if useIndexes, let index = snapshot.indexes[field.name], index.spec.metric == metric, index.count == snapshot.rowCount {
                IndexedSearch.search(index, snapshot: snapshot, storeIndex: storeIndex, queries: queries, k: k,
                                     parameters: parameters, allowed: allowed ?? IndexedSearch.allowedRows(snapshot),
                                     range: range, heaps: &heaps)
                continue
            }
            // Few rows to score: those a filter allows, or, with no filter, the live rows of a store
            // mostly deleted (a buffer that upserts keep rewriting). Score only them.
            let selected = allowed
                ?? (snapshot.liveRowCount * selectiveFraction < snapshot.rowCount ? IndexedSearch.allowedRows(snapshot) : nil)
            if let selected, selected.setCount * selectiveFraction < snapshot.rowCount {
                SelectiveScan.search(snapshot, field: field, metric: metric, rows: selected.setIndices(),
                                     storeIndex: storeIndex, queries: queries, range: range, heaps: &heaps)
                continue
            }
            // The full scan skips excluded rows: the deleted ones, or everything the selection left out
            // (built only here, where it is used).
            var excluded = snapshot.deleted
            if let allowed {
                excluded = Bitset(repeating: true, count: snapshot.rowCount)
                excluded.subtract(allowed)
            }
            switch queries {
            case .float(let vectors):
                guard let column = snapshot.store.floatVectors[field.name] else { continue }
                // Groups bound the score matrix of the BLAS path to rowChunk * queryGroup floats.
                for groupStart in stride(from: 0, to: vectors.count, by: queryGroup) {
                    let group = groupStart..<min(groupStart + queryGroup, vectors.count)
                    var groupHeaps = Array(heaps[group])
                    scanFloat(column, snapshot: snapshot, excluded: excluded, storeIndex: storeIndex, metric: metric,
                              queries: Array(vectors[group]), range: range, heaps: &groupHeaps)
                    heaps.replaceSubrange(group, with: groupHeaps)
                }
            case .binary(let vectors):
                guard let column = snapshot.store.binaryVectors[field.name] else { continue }
                scanBinary(column, snapshot: snapshot, excluded: excluded, storeIndex: storeIndex, metric: metric,
                           queries: vectors, range: range, heaps: &heaps)
            }
        }
        return heaps.map { heap in
            heap.sortedResults().map { entry in
                let label = StoreRowLabel(packed: entry.label)
                return SearchCandidate(storeIndex: label.storeIndex, row: label.row, score: entry.score)
            }
        }
    }

    /// A store where fewer than 1 / selectiveFraction of the rows may be returned is scored row
    /// by row (the planner's switch to an exact scan of the allowed rows).
    static let selectiveFraction = 16

    private static func scanFloat(_ column: FloatVectorColumn, snapshot: StoreSnapshot, excluded: Bitset, storeIndex: Int,
                                  metric: Metric, queries: [[Float]], range: RangeSearchWindow?, heaps: inout [TopK]) {
        let dimension = column.dimension
        let rowCount = snapshot.rowCount
        let chunk = min(rowChunk, rowCount)
        let useBLAS = queries.count >= blasBatchThreshold
        let scores = UnsafeMutableBufferPointer<Float>.allocate(capacity: useBLAS ? chunk * queries.count : 0)
        defer { scores.deallocate() }
        let flatQueries = useBLAS ? queries.flatMap { $0 } : []
        StoreHitCollector.withExcludedWords(excluded) { excludedWords in
            column.values.withPrefix(rowCount * dimension) { base in
                column.norms.withPrefix(rowCount) { norms in
                    var firstRow = 0
                    while firstRow < rowCount {
                        let count = min(chunk, rowCount - firstRow)
                        let rows = UnsafeBufferPointer(rebasing: base[(firstRow * dimension)..<((firstRow + count) * dimension)])
                        let rowNorms = UnsafeBufferPointer(rebasing: norms[firstRow..<(firstRow + count)])
                        heaps.withUnsafeMutableBufferPointer { heaps in
                            if useBLAS {
                                let out = UnsafeMutableBufferPointer(rebasing: scores[0..<(count * queries.count)])
                                flatQueries.withUnsafeBufferPointer { q in
                                    BatchDistances.scoreFloatRows(metric: metric, queries: q, queryCount: queries.count, base: rows,
                                                                  baseCount: count, dimension: dimension, into: out)
                                }
                                for query in 0..<queries.count {
                                    var collector = StoreHitCollector(heap: heaps.baseAddress! + query, storeIndex: storeIndex,
                                                                      excludedWords: excludedWords, range: range)
                                    collector.rowOffset = firstRow
                                    for offset in 0..<count { collector.offer(score: out[query * count + offset], row: offset) }
                                }
                            } else {
                                // Each chunk is scored for every query while it is in cache.
                                StoreHitCollector.scanEachQuery(queries, heaps: heaps, storeIndex: storeIndex,
                                                                excludedWords: excludedWords, range: range,
                                                                rowOffset: firstRow) { q in
                                    FloatRowScorer(metric: metric, query: q, rows: rows, dimension: dimension, rowNorms: rowNorms)
                                }
                            }
                        }
                        firstRow += count
                    }
                }
            }
        }
    }

    private static func scanBinary(_ column: BinaryVectorColumn, snapshot: StoreSnapshot, excluded: Bitset, storeIndex: Int,
                                   metric: Metric, queries: [[UInt8]], range: RangeSearchWindow?, heaps: inout [TopK]) {
        let width = column.bytesPerRow
        StoreHitCollector.withExcludedWords(excluded) { excludedWords in
            column.values.withPrefix(snapshot.rowCount * width) { base in
                heaps.withUnsafeMutableBufferPointer { heaps in
                    StoreHitCollector.scanEachQuery(queries, heaps: heaps, storeIndex: storeIndex, excludedWords: excludedWords,
                                                    range: range) { q in
                        BinaryRowScorer(metric: metric, query: q, rows: base, bytesPerRow: width)
                    }
                }
            }
        }
    }
}
