// SelectiveScan: exact scores for a short list of rows (a selective filter's matches), one
// distance call per row, so a filter that keeps 0.1% of a segment costs 0.1% of a scan. The
// scores come from the same RowScorer as the full scan and FLAT, so a row scores the same on
// every path.

import QuiverIndex
import QuiverKernels
import QuiverStorage

enum SelectiveScan {
    static func search(_ snapshot: StoreSnapshot, field: FieldSchema, metric: Metric, rows: [Int], storeIndex: Int,
                       queries: QueryVectors, range: RangeSearchWindow?, heaps: inout [TopK]) {
        heaps.withUnsafeMutableBufferPointer { heaps in
            switch queries {
            case .float(let vectors):
                guard let column = snapshot.store.floatVectors[field.name] else { return }
                let dimension = column.dimension
                column.values.withPrefix(snapshot.rowCount * dimension) { base in
                    column.norms.withPrefix(snapshot.rowCount) { norms in
                        StoreHitCollector.scanEachQuery(vectors, heaps: heaps, storeIndex: storeIndex, excludedWords: nil,
                                                        range: range, rows: rows) { q in
                            FloatRowScorer(metric: metric, query: q, rows: base, dimension: dimension, rowNorms: norms)
                        }
                    }
                }
            case .binary(let vectors):
                guard let column = snapshot.store.binaryVectors[field.name] else { return }
                let width = column.bytesPerRow
                column.values.withPrefix(snapshot.rowCount * width) { base in
                    StoreHitCollector.scanEachQuery(vectors, heaps: heaps, storeIndex: storeIndex, excludedWords: nil,
                                                    range: range, rows: rows) { q in
                        BinaryRowScorer(metric: metric, query: q, rows: base, bytesPerRow: width)
                    }
                }
            }
        }
    }
}
