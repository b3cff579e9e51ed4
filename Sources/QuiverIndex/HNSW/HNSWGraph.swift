// HNSWGraph: the storage of an HNSW graph, laid out for search speed (hnswlib's layout).
// Level 0 is one contiguous buffer of fixed-size records, one per node:
//     [linkCount u32 | maxM0 link ids u32 | dimension f32]
// so expanding a node touches one record. Upper levels are sparse: a node of level L > 0 owns
// L blocks of [linkCount u32 | maxM ids u32] in `upperLinks`, starting at upperStart[node].
// A link list is always addressed as a pointer p with p[0] = count and p[1...count] = ids.
// Distances are smaller-is-closer: squared L2, or the negated inner product for IP and COSINE
// (COSINE vectors are stored normalised).
// Invariants: maxM0 == 2 * maxM; link counts never exceed the level's capacity; every link id
// is < count and names a node whose level is >= the link's level (checked on deserialize,
// since reading past a node's levels would leave its allocation); unused link slots are zero.
// Ownership: written by HNSWBuilder or the deserializer on one thread before the index is
// published; read-only afterwards, so concurrent searches need no lock.

import QuiverKernels

/// @unchecked Sendable: mutated only before publication (build/deserialize), then read-only.
final class HNSWGraph: @unchecked Sendable {
    let count: Int
    let dimension: Int
    let maxM: Int
    let maxM0: Int
    /// True for IP and COSINE: distance is -innerProduct; false for L2 (squared distance).
    let usesInnerProduct: Bool
    let recordByteCount: Int
    let vectorByteOffset: Int
    let level0: UnsafeMutableRawPointer
    let levels: UnsafeMutablePointer<UInt8>
    /// Index into upperLinks of a node's level-1 block (meaningless for level-0 nodes).
    let upperStart: UnsafeMutablePointer<Int>
    let upperLinks: UnsafeMutablePointer<UInt32>
    let upperSlotCount: Int
    var entryPoint: UInt32
    var maxLevel: Int

    static let noNode = UInt32.max

    /// Allocates a zeroed graph for nodes with the given levels (no links yet, no entry point).
    init(dimension: Int, maxM: Int, usesInnerProduct: Bool, levels nodeLevels: [UInt8]) {
        precondition(dimension > 0 && maxM > 0 && nodeLevels.count <= IndexSerialization.maxRowCount, "bad HNSW shape")
        count = nodeLevels.count
        self.dimension = dimension
        self.maxM = maxM
        maxM0 = 2 * maxM
        self.usesInnerProduct = usesInnerProduct
        vectorByteOffset = 4 * (1 + maxM0)
        recordByteCount = vectorByteOffset + 4 * dimension
        level0 = .allocate(byteCount: max(count * recordByteCount, 1), alignment: 64)
        level0.initializeMemory(as: UInt8.self, repeating: 0, count: max(count * recordByteCount, 1))
        for node in 0..<count {
            let record = level0 + node * recordByteCount
            record.bindMemory(to: UInt32.self, capacity: 1 + maxM0)
            (record + vectorByteOffset).bindMemory(to: Float.self, capacity: dimension)
        }
        levels = .allocate(capacity: max(count, 1))
        upperStart = .allocate(capacity: max(count, 1))
        var slot = 0
        for node in 0..<count {
            levels[node] = nodeLevels[node]
            upperStart[node] = slot
            slot += Int(nodeLevels[node]) * (1 + maxM)
        }
        upperSlotCount = slot
        upperLinks = .allocate(capacity: max(slot, 1))
        upperLinks.initialize(repeating: 0, count: max(slot, 1))
        entryPoint = HNSWGraph.noNode
        maxLevel = 0
    }

    deinit {
        level0.deallocate()
        levels.deallocate()
        upperStart.deallocate()
        upperLinks.deallocate()
    }

    var byteCount: Int { count * recordByteCount + count * (1 + MemoryLayout<Int>.stride) + upperSlotCount * 4 }

    @inline(__always)
    func vector(_ node: UInt32) -> UnsafeMutablePointer<Float> {
        let offset = Int(node) &* recordByteCount &+ vectorByteOffset
        return (level0 + offset).assumingMemoryBound(to: Float.self)
    }

    /// The link list of `node` at level 0: p[0] = count, p[1...] = ids.
    @inline(__always)
    func links0(_ node: UInt32) -> UnsafeMutablePointer<UInt32> {
        let offset = Int(node) &* recordByteCount
        return (level0 + offset).assumingMemoryBound(to: UInt32.self)
    }

    /// The link list of `node` at `level` (0...levels[node]).
    @inline(__always)
    func links(_ node: UInt32, level: Int) -> UnsafeMutablePointer<UInt32> {
        if level == 0 { return links0(node) }
        let offset: Int = upperStart[Int(node)] &+ (level &- 1) &* (1 &+ maxM)
        return upperLinks + offset
    }

    @inline(__always)
    func capacity(level: Int) -> Int { level == 0 ? maxM0 : maxM }

    /// Smaller-is-closer distance between two vectors of `dimension` floats.
    @inline(__always)
    func distance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>) -> Float {
        let x = UnsafeBufferPointer(start: a, count: dimension), y = UnsafeBufferPointer(start: b, count: dimension)
        return usesInnerProduct ? -Distance.innerProduct(x, y) : Distance.l2Squared(x, y)
    }
}
