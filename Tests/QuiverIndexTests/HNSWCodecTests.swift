// HNSWCodecTests: damaged HNSW bytes. Every truncation throws IndexCodecError; every flip of
// a header, level, link-count or link-id byte either throws or decodes to a graph that can be
// searched and checked without trapping (a flip in an unused slot is harmless), and a flip in
// a float payload (no checksum at this layer; storage adds CRC32C) decodes and searches safely.

import Testing
import QuiverKernels
@testable import QuiverIndex

struct HNSWCodecTests {
    static let dimension = 4
    static let bytes: [UInt8] = {
        let base = IndexTestData.clustered(count: 120, dimension: dimension, clusters: 3, seed: 8)
        return base.withUnsafeBufferPointer {
            HNSWIndex.build(spec: IndexSpec(kind: .hnsw, metric: .l2, parameters: ["M": 3, "efConstruction": 20]),
                            vectors: $0, dimension: dimension, seed: 3).serialized()
        }
    }()

    @Test func everyTruncationThrows() {
        let bytes = Self.bytes
        for length in 0..<bytes.count {
            #expect(throws: IndexCodecError.self) { try HNSWIndex.deserialize(Array(bytes[..<length])) }
        }
        #expect(throws: IndexCodecError.self) { try HNSWIndex.deserialize(bytes + [0, 0, 0, 0]) }
    }

    @Test func everyByteFlipThrowsOrDecodesSafely() throws {
        let bytes = Self.bytes
        let query: [Float] = [0.1, -0.2, 0.3, 0.4]
        var thrownCount = 0
        for offset in 0..<bytes.count {
            for mask: UInt8 in [0x01, 0x80] {
                var damaged = bytes
                damaged[offset] ^= mask
                let decoded: HNSWIndex
                do {
                    decoded = try HNSWIndex.deserialize(damaged)
                } catch {
                    thrownCount += 1
                    continue
                }
                let hits = query.withUnsafeBufferPointer {
                    decoded.search($0, k: 5, parameters: IndexSearchParameters(ef: 16), allowed: nil)
                }
                #expect(hits.allSatisfy { (0..<decoded.count).contains($0.row) })
                _ = try? decoded.checkIntegrity()
            }
        }
        #expect(thrownCount > 0)
    }

    @Test func outOfRangeLinkIsCorruption() throws {
        var bytes = Self.bytes
        let index = try HNSWIndex.deserialize(bytes)
        // The first level-0 record follows header, M, maxLevel, entry point and the levels.
        let recordOffset = bytes.count - index.graph.upperSlotCount * 4 - index.count * index.graph.recordByteCount
        #expect(index.graph.links0(0)[0] > 0)
        for i in 0..<4 { bytes[recordOffset + 4 + i] = 0xFF }     // row 0's first link id := 0xFFFFFFFF
        #expect(throws: IndexCodecError.self) { try HNSWIndex.deserialize(bytes) }
    }

    @Test func otherIndexKindsAreRefused() throws {
        let flat = [Float](repeating: 1, count: 8).withUnsafeBufferPointer {
            FlatIndex.build(spec: IndexSpec(kind: .flat, metric: .l2), vectors: $0, dimension: 4)
        }
        #expect(throws: IndexCodecError.self) { try HNSWIndex.deserialize(flat.serialized()) }
        #expect(throws: IndexCodecError.self) { try FlatIndex.deserialize(Self.bytes) }
    }
}
