// FuzzCorpusSeeds: the seed files of the fuzz corpora (FuzzTests/Corpus/<target>/), made by the
// real encoders from `everyType` rows, so every seed is a file Quiver itself writes (or one cut
// the way a crash cuts it). `QUIVER_REWRITE=1 swift test --filter FuzzCorpusReplay` rewrites
// them; the replay test checks that every `valid-*` seed still decodes.
// Ownership: test target only; pure functions of fixed inputs (seeded vectors).

import Foundation
import QuiverIndex
import QuiverKernels
@_spi(Fuzzing) @testable import QuiverStorage

enum FuzzCorpusSeeds {
    static let schema = FuzzEntryPoints.schema

    /// Target name to (file name, bytes).
    static func all() throws -> [String: [(String, [UInt8])]] {
        [
            "wal-reader": try walFiles(),
            "segment-reader": try segmentFiles(),
            "deletion-file": deletionFiles(),
            "index-file": try indexFiles(),
            "index-decoder": try serializedIndexes().map { ("valid-\($0.0).qidx", $0.1) },
            "filter-parser": filterExpressions.enumerated().map { ("valid-\($0.offset).txt", Array($0.element.utf8)) },
            "catalog-records": catalogRecords(),
        ]
    }

    static func walFiles() throws -> [(String, [UInt8])] {
        var bytes = WALFrame.fileHeader(collectionID: FuzzEntryPoints.collectionID, firstSequence: 1)
        let records = [
            WALRecord(sequence: 1, body: .insert(try everyTypeBatch(0..<3, schema: schema))),
            WALRecord(sequence: 2, body: .upsert(try everyTypeBatch(1..<3, schema: schema))),
            WALRecord(sequence: 3, body: .delete([.int(0), .int(2), .int(99)])),
        ]
        for record in records {
            bytes += WALFrame.frame(type: record.type, sequence: record.sequence, payload: record.encodePayload(schema: schema))
        }
        let emptyLog = WALFrame.fileHeader(collectionID: FuzzEntryPoints.collectionID, firstSequence: 7)
        return [("valid-three-records.qwal", bytes), ("valid-empty.qwal", emptyLog),
                ("torn-tail.qwal", Array(bytes.dropLast(5)))]
    }

    static func segmentFiles() throws -> [(String, [UInt8])] {
        func segment(rowCount: Int) throws -> [UInt8] {
            let store = ColumnStore(segmentID: FuzzEntryPoints.segmentID, schema: schema, capacity: rowCount)
            store.append(try everyTypeBatch(0..<rowCount, schema: schema), sequence: 4)
            return SegmentCodec.encode(store, rowCount: rowCount, collectionID: FuzzEntryPoints.collectionID)
        }
        // 40 rows of repetitive values make LZ4 pay for some blocks, so both block kinds appear.
        return [("valid-3-rows.qseg", try segment(rowCount: 3)), ("valid-40-rows-lz4.qseg", try segment(rowCount: 40))]
    }

    static func deletionFiles() -> [(String, [UInt8])] {
        var deleted = Bitset(count: 130)
        for row in [1, 64, 129] { deleted[row] = true }
        return [("valid-2-rows.qdel", DeletionFile.encode(Bitset(words: [0b10], count: 2), segmentID: FuzzEntryPoints.segmentID)),
                ("valid-130-rows.qdel", DeletionFile.encode(deleted, segmentID: FuzzEntryPoints.segmentID))]
    }

    static func indexFiles() throws -> [(String, [UInt8])] {
        try serializedIndexes().filter { ["FLAT", "HNSW", "BIN_FLAT"].contains($0.0) }.map { name, payload in
            ("valid-\(name).qidx", IndexFile.encode(payload, collectionID: FuzzEntryPoints.collectionID,
                                                    segmentID: FuzzEntryPoints.segmentID, field: FuzzEntryPoints.indexFieldName))
        }
    }

    /// One small index of every kind: 16 rows of dimension 4 (float) or 16 bits (binary).
    static func serializedIndexes() throws -> [(String, [UInt8])] {
        var random = SeededRandom(seed: 11)
        let floats = random.gaussians(16 * 4)
        let bits = (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 5) }
        let floatSpecs = [IndexSpec(kind: .flat, metric: .l2), IndexSpec(kind: .hnsw, metric: .cosine, parameters: ["M": 4, "efConstruction": 8]),
                          IndexSpec(kind: .hnswSQ, metric: .l2, parameters: ["M": 4, "efConstruction": 8]),
                          IndexSpec(kind: .ivfFlat, metric: .l2, parameters: ["nlist": 2]),
                          IndexSpec(kind: .ivfSQ8, metric: .innerProduct, parameters: ["nlist": 2]),
                          IndexSpec(kind: .ivfPQ, metric: .l2, parameters: ["nlist": 2, "m": 2, "nbits": 2])]
        var result: [(String, [UInt8])] = []
        for spec in floatSpecs {
            let index = try floats.withUnsafeBufferPointer { try IndexFactory.buildFloat(spec: spec, vectors: $0, dimension: 4) }
            result.append((spec.kind.rawValue, index.serialized()))
        }
        for spec in [IndexSpec(kind: .binFlat, metric: .hamming), IndexSpec(kind: .binIVFFlat, metric: .jaccard, parameters: ["nlist": 2])] {
            let index = try bits.withUnsafeBufferPointer { try IndexFactory.buildBinary(spec: spec, vectors: $0, dimension: 16) }
            result.append((spec.kind.rawValue, index.serialized()))
        }
        return result
    }

    /// Expressions over FilterFuzzEntryPoint.schema touching every grammar rule once.
    static let filterExpressions = [
        "age > 18 and name like \"al%\"",
        "id in [1, 2, 3] or not (score <= 1.5)",
        "meta[\"a\"] == 1 && meta[\"b\"][\"c\"] != \"y\"",
        "array_contains(tags, \"red\") and array_length(nums) >= 2",
        "json_contains_any(meta[\"list\"], [1, 2]) || color == \"red\"",
        "(price + 1) * 2 < score % 3 and age is null",
        "age in {list} or id == {n} and active == {b} and name != {s} and score > {x}",
        "exists $meta[\"size\"] and 1 < size <= 10 and tags is not null",
    ]

    /// A schema with every field kind, as the catalog stores it, and two index specs.
    static func catalogRecords() -> [(String, [UInt8])] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let hnsw = try! encoder.encode(IndexSpec(kind: .hnsw, metric: .l2, parameters: ["M": 16, "efConstruction": 200]))
        let scalar = try! encoder.encode(IndexSpec(kind: .stlSort, metric: .l2))
        return [("valid-schema.json", Array(FuzzEntryPoints.schema.encodedJSON().utf8)),
                ("valid-index-hnsw.json", Array(hnsw)), ("valid-index-stl-sort.json", Array(scalar))]
    }
}
