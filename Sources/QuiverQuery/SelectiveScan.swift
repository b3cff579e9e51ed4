// SelectiveScan: exact scores for a short list of rows (a selective filter's matches), one
// distance call per row, so a filter that keeps 0.1% of a segment costs 0.1% of a scan.

import QuiverIndex
import QuiverKernels
import QuiverStorage

enum SelectiveScan {
    static func search(_ snapshot: StoreSnapshot, field: FieldSchema, metric: Metric, rows: [Int], storeIndex: Int,
                       queries: QueryVectors, range: RangeSearchWindow?, heaps: inout [TopK]) {
        switch queries {
        case .float(let vectors):
            guard let column = snapshot.store.floatVectors[field.name] else { return }
            let dimension = column.dimension
            column.values.withPrefix(snapshot.rowCount * dimension) { base in
                for (query, vector) in vectors.enumerated() {
                    vector.withUnsafeBufferPointer { q in
                        for row in rows {
                            let x = UnsafeBufferPointer(rebasing: base[(row * dimension)..<((row + 1) * dimension)])
                            let score: Float = switch metric {
                            case .l2: Distance.l2Squared(q, x)
                            case .innerProduct: Distance.innerProduct(q, x)
                            default: Distance.cosineSimilarity(q, x)
                            }
                            if let range, !range.contains(score) { continue }
                            heaps[query].push(score: score, label: StoreRowLabel.packing(storeIndex: storeIndex, row: row))
                        }
                    }
                }
            }
        case .binary(let vectors):
            guard let column = snapshot.store.binaryVectors[field.name] else { return }
            let width = column.bytesPerRow
            column.values.withPrefix(snapshot.rowCount * width) { base in
                for (query, vector) in vectors.enumerated() {
                    vector.withUnsafeBufferPointer { q in
                        for row in rows {
                            let x = UnsafeBufferPointer(rebasing: base[(row * width)..<((row + 1) * width)])
                            let score = metric == .hamming ? Distance.hamming(q, x) : Distance.jaccardDistance(q, x)
                            if let range, !range.contains(score) { continue }
                            heaps[query].push(score: score, label: StoreRowLabel.packing(storeIndex: storeIndex, row: row))
                        }
                    }
                }
            }
        }
    }
}
