// HNSWCodeGraph: HNSW_SQ's level 0 laid out for the graph walk over SQ8 codes. Each node owns
// one 64-byte-aligned record holding its code next to its links:
//     [code u8[dimension] | zero pad to 64 | bias f32 | linkCount u32 | maxM0 link ids u32 | zero pad to 64]
// Scoring a neighbour reads the code's lines and the one line after them (the bias), about a
// quarter of a float record's; only a node that is expanded needs the rest of its links, which
// the walk prefetches when the node becomes a candidate.
// code[j] is dimension j of the node's stored vector (normalised for COSINE) quantized by one
// per-dimension ScalarQuantizer trained on all the graph's vectors; bias is |decoded vector|^2
// for L2 and 0 for IP/COSINE, so one kernel (quiver_sq8_score_gather) gives smaller-is-closer
// scores for every metric:
//     L2:  |q - x^|^2 = |q|^2 - 2 q.min + |x^|^2 + sum_j (-2 q_j scale_j) code_j
//     IP:  -q.x^      =       -   q.min          + sum_j (-q_j scale_j) code_j
// Worked example, L2, dimension 2, rows (0, 0) and (1, 2): min (0, 0), scale (1/255, 2/255);
// row 1 codes (255, 255), bias 1 + 4 = 5; query (1, 1): constant 2, weights (-2/255, -4/255),
// score of row 1 = 2 + 5 - 2 - 4 = 1 = |(1,1) - (1,2)|^2.
// Invariants: the links are a copy of the HNSWGraph's level 0 taken after build or decode
// (the graph is immutable from then on; an HNSW_SQ build scores on the codes while it links
// the float graph, HNSWBuilder); the code graph is derived, never serialized: decoding
// an HNSW_SQ index re-derives it from the float graph, deterministically.
// Ownership: built once by HNSWIndex, then read-only and shared by concurrent searches.

import CQuiverSIMD
import QuiverKernels

/// @unchecked Sendable: written only in init and copyLinks (before publication), read-only afterwards.
final class HNSWCodeGraph: @unchecked Sendable {
    let count: Int
    let dimension: Int
    let maxM0: Int
    let usesInnerProduct: Bool
    let quantizer: ScalarQuantizer
    /// Where a record's bias sits (the code is padded to whole cache lines before it).
    let biasByteOffset: Int
    let recordByteCount: Int
    let records: UnsafeMutableRawPointer

    /// The codes of every node of `graph` and a copy of its level-0 links.
    convenience init(graph: HNSWGraph) {
        self.init(codesOf: graph)
        copyLinks(from: graph)
    }

    /// The codes (and biases) of every node of `graph`, with empty link lists: an HNSW_SQ build
    /// scores on these while it links the float graph, then calls `copyLinks(from:)`.
    init(codesOf graph: HNSWGraph) {
        count = graph.count
        dimension = graph.dimension
        maxM0 = graph.maxM0
        usesInnerProduct = graph.usesInnerProduct
        biasByteOffset = (dimension + 63) & ~63
        recordByteCount = biasByteOffset + ((4 + 4 * (1 + graph.maxM0) + 63) & ~63)
        let byteCount = max(count * recordByteCount, 1)
        records = .allocate(byteCount: byteCount, alignment: 64)
        records.initializeMemory(as: UInt8.self, repeating: 0, count: byteCount)
        quantizer = ScalarQuantizer.train(rowCount: graph.count, dimension: graph.dimension) { UnsafePointer(graph.vector(UInt32($0))) }
        var decoded = [Float](repeating: 0, count: dimension)
        for node in 0..<UInt32(count) {
            let record = records + Int(node) * recordByteCount
            let code = record.assumingMemoryBound(to: UInt8.self)
            quantizer.encode(graph.vector(node), into: code)
            var bias: Float = 0
            if !usesInnerProduct {
                decoded.withUnsafeMutableBufferPointer { quantizer.decode(code, into: $0.baseAddress!) }
                bias = decoded.withUnsafeBufferPointer { Distance.normSquared($0) }
            }
            record.storeBytes(of: bias, toByteOffset: biasByteOffset, as: Float.self)
        }
    }

    /// Copies the level-0 links of `graph` (the graph these codes were made from) into the records.
    func copyLinks(from graph: HNSWGraph) {
        precondition(graph.count == count && graph.maxM0 == maxM0, "links of another graph")
        for node in 0..<UInt32(count) {
            (records + Int(node) * recordByteCount + biasByteOffset + 4).copyMemory(from: graph.links0(node), byteCount: 4 * (1 + maxM0))
        }
    }

    deinit { records.deallocate() }

    var byteCount: Int { count * recordByteCount + quantizer.memoryByteCount }

    /// The level-0 link list of `node`: p[0] = count, p[1...] = ids.
    @inline(__always)
    func links(_ node: UInt32) -> UnsafeMutablePointer<UInt32> {
        (records + (Int(node) &* recordByteCount &+ biasByteOffset &+ 4)).assumingMemoryBound(to: UInt32.self)
    }

    /// Writes the query's per-dimension weights (`dimension` floats) and the block the kernel
    /// reads (`prepared`, quiver_sq8_prepared_bytes(dimension)) and returns the constant term of
    /// every score; `query` is as searched (normalised for COSINE).
    func prepare(_ query: UnsafePointer<Float>, weights: UnsafeMutablePointer<Float>, prepared: UnsafeMutableRawPointer) -> Float {
        var queryDotMinimum: Float = 0, queryNorm: Float = 0
        let factor: Float = usesInnerProduct ? -1 : -2
        for j in 0..<dimension {
            weights[j] = factor * query[j] * quantizer.scales[j]
            queryDotMinimum += query[j] * quantizer.minimums[j]
            queryNorm += query[j] * query[j]
        }
        quiver_sq8_prepare(weights, dimension, prepared)
        return usesInnerProduct ? -queryDotMinimum : queryNorm - 2 * queryDotMinimum
    }
}

/// Level 0 of an HNSW_SQ index, scored on SQ8 codes for one prepared query.
struct HNSWCodeSpace: HNSWWalkSpace {
    let codes: HNSWCodeGraph
    /// The query as HNSWCodeGraph.prepare left it for the kernel.
    let prepared: UnsafeRawPointer
    let constant: Float

    @inline(__always)
    func neighbours(_ node: UInt32) -> UnsafeMutablePointer<UInt32> { codes.links(node) }

    /// The code's lines and the bias line after them.
    @inline(__always)
    func prefetch(_ nodes: UnsafePointer<UInt32>, _ nodeCount: Int) {
        quiver_prefetch_records(codes.records, codes.recordByteCount, nodes, nodeCount, codes.biasByteOffset / 64 &+ 1)
    }

    /// The link lines after the bias line.
    @inline(__always)
    func prefetchNeighbours(_ node: UInt32) {
        var node = node
        quiver_prefetch_records(codes.records + codes.biasByteOffset + 64, codes.recordByteCount, &node, 1,
                                (codes.recordByteCount &- codes.biasByteOffset) / 64 &- 1)
    }

    @inline(__always)
    func score(_ nodes: UnsafePointer<UInt32>, _ nodeCount: Int, into out: UnsafeMutablePointer<Float>) {
        quiver_sq8_score_gather(prepared, constant, codes.records, codes.recordByteCount, codes.biasByteOffset,
                                nodes, nodeCount, codes.dimension, out)
    }
}

/// One level of the float graph being built, scored on the codes (an HNSW_SQ build): the links
/// are the graph's, the scores the codes'.
struct HNSWBuildSpace: HNSWWalkSpace {
    let graph: HNSWGraph
    /// Scores and score prefetches (its links, the code records', are not yet filled).
    let scoring: HNSWCodeSpace
    let level: Int

    @inline(__always)
    func neighbours(_ node: UInt32) -> UnsafeMutablePointer<UInt32> { graph.links(node, level: level) }

    @inline(__always)
    func prefetch(_ nodes: UnsafePointer<UInt32>, _ nodeCount: Int) { scoring.prefetch(nodes, nodeCount) }

    /// Level 0's links lead the node's float record.
    @inline(__always)
    func prefetchNeighbours(_ node: UInt32) {
        guard level == 0 else { return }
        var node = node
        quiver_prefetch_records(graph.level0, graph.recordByteCount, &node, 1, (graph.vectorByteOffset &+ 63) / 64)
    }

    @inline(__always)
    func score(_ nodes: UnsafePointer<UInt32>, _ nodeCount: Int, into out: UnsafeMutablePointer<Float>) {
        scoring.score(nodes, nodeCount, into: out)
    }
}
