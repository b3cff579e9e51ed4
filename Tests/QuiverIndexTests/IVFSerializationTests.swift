// IVFSerializationTests: IVF and BIN_IVF_FLAT bodies round-trip to the same answers and the
// same bytes, and damaged bytes (every truncation, flipped bytes at many offsets) throw an
// IndexCodecError or decode to an index that still searches without trapping.

import QuiverIndex
import QuiverKernels
import Testing

@Suite struct IVFSerializationTests {
    typealias F = IVFFixtures

    static let small = Array(F.data.base[0..<(400 * F.dimension)])

    static func smallIndex(_ kind: IndexKind, _ metric: Metric = .l2) throws -> IVFIndex {
        let parameters = kind == .ivfPQ ? ["nlist": 8, "m": 8, "nbits": 4] : ["nlist": 8]
        return try F.build(kind, metric, parameters, base: small)
    }

    @Test(arguments: [IndexKind.ivfFlat, .ivfSQ8, .ivfPQ], [Metric.l2, .innerProduct, .cosine])
    func roundTripKeepsAnswersAndBytes(kind: IndexKind, metric: Metric) throws {
        let index = try F.build(kind, metric, kind == .ivfPQ ? ["nlist": 32, "m": 8] : ["nlist": 32],
                                base: Array(F.data.base[0..<(3000 * F.dimension)]))
        let bytes = index.serialized()
        let decoded = try IVFIndex.deserialize(bytes)
        #expect(decoded.serialized() == bytes)
        #expect(decoded.spec == index.spec && decoded.count == index.count && decoded.listCount == index.listCount)
        #expect(decoded.memoryByteCount == index.memoryByteCount)
        for nprobe in [3, 32] {
            #expect(F.searchAll(decoded, nprobe: nprobe) == F.searchAll(index, nprobe: nprobe))
        }
    }

    @Test func binaryRoundTripKeepsAnswersAndBytes() throws {
        let base = IndexTestData.randomBinary(count: 2000, bytesPerRow: 8, seed: 4)
        for metric in [Metric.hamming, .jaccard] {
            let index = try base.withUnsafeBufferPointer {
                try BinaryIVFIndex.build(spec: IndexSpec(kind: .binIVFFlat, metric: metric, parameters: ["nlist": 16]),
                                         vectors: $0, dimension: 64)
            }
            let bytes = index.serialized()
            let decoded = try BinaryIVFIndex.deserialize(bytes)
            #expect(decoded.serialized() == bytes)
            let query = Array(base[(5 * 8)..<(6 * 8)])
            let parameters = IndexSearchParameters(nprobe: 4)
            let expected = query.withUnsafeBufferPointer { index.search($0, k: 10, parameters: parameters, allowed: nil) }
            let actual = query.withUnsafeBufferPointer { decoded.search($0, k: 10, parameters: parameters, allowed: nil) }
            #expect(actual == expected)
        }
    }

    @Test(arguments: [IndexKind.ivfFlat, .ivfSQ8, .ivfPQ])
    func everyTruncationThrows(kind: IndexKind) throws {
        let bytes = try Self.smallIndex(kind).serialized()
        let step = max(1, bytes.count / 997)
        for length in stride(from: 0, to: bytes.count, by: step) {
            #expect(throws: IndexCodecError.self) { try IVFIndex.deserialize(Array(bytes[0..<length])) }
        }
        #expect(throws: IndexCodecError.self) { try IVFIndex.deserialize(bytes + [0]) }
    }

    @Test(arguments: [IndexKind.ivfFlat, .ivfSQ8, .ivfPQ])
    func flippedBytesThrowOrDecodeToASafeIndex(kind: IndexKind) throws {
        let bytes = try Self.smallIndex(kind).serialized()
        let query = Array(Self.small[0..<F.dimension])
        var decodedCount = 0
        for offset in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 500)) {
            for mask: UInt8 in [0xFF, 0x01] {
                var damaged = bytes
                damaged[offset] ^= mask
                guard let index = try? IVFIndex.deserialize(damaged) else { continue }
                decodedCount += 1
                let hits = query.withUnsafeBufferPointer {
                    index.search($0, k: 5, parameters: IndexSearchParameters(nprobe: 8), allowed: nil)
                }
                #expect(hits.allSatisfy { $0.row >= 0 && $0.row < index.count })
            }
        }
        #expect(decodedCount > 0)  // code and centroid bytes carry no redundancy, so some flips decode
    }

    @Test func damagedListStructureIsRejected() throws {
        let index = try Self.smallIndex(.ivfFlat)
        let bytes = index.serialized()
        // The body's first field is listCount, then centroids, then list sizes and row ids.
        let headerByteCount = bytes.count - (4 + 8 * F.dimension * 4 + 8 * 4 + 400 * 4 + 400 * F.dimension * 4)
        let sizesOffset = headerByteCount + 4 + 8 * F.dimension * 4
        let rowIDsOffset = sizesOffset + 8 * 4
        func decode(_ edit: (inout [UInt8]) -> Void) -> IndexCodecError? {
            var damaged = bytes
            edit(&damaged)
            do {
                _ = try IVFIndex.deserialize(damaged)
                return nil
            } catch {
                return error
            }
        }
        #expect(decode { $0[headerByteCount] &+= 1 }?.reason.contains("list count") == true)
        #expect(decode { $0[sizesOffset] &+= 1 }?.reason.contains("list sizes") == true)
        #expect(decode { $0[rowIDsOffset + 3] = 0x7F }?.reason.contains("out of range or repeated") == true)
        #expect(decode { // a repeated row id
            for i in 0..<4 { $0[rowIDsOffset + 4 + i] = $0[rowIDsOffset + i] }
        }?.reason.contains("out of range or repeated") == true)
    }

    @Test func aBinaryIndexIsNotAFloatIndex() throws {
        let base = IndexTestData.randomBinary(count: 100, bytesPerRow: 4, seed: 1)
        let binary = try base.withUnsafeBufferPointer {
            try BinaryIVFIndex.build(spec: IndexSpec(kind: .binIVFFlat, metric: .hamming, parameters: ["nlist": 4]),
                                     vectors: $0, dimension: 32)
        }
        #expect(throws: IndexCodecError.self) { try IVFIndex.deserialize(binary.serialized()) }
        #expect(throws: IndexCodecError.self) { try BinaryIVFIndex.deserialize(try Self.smallIndex(.ivfFlat).serialized()) }
        let bytes = binary.serialized()
        for length in 0..<bytes.count {
            #expect(throws: IndexCodecError.self) { try BinaryIVFIndex.deserialize(Array(bytes[0..<length])) }
        }
    }
}
