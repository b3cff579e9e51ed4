// Fuzz corpus replay: every committed corpus file (FuzzTests/Corpus/<target>/) and every
// committed crash case (FuzzTests/Crashes/<target>/) goes through the same entry point the
// libFuzzer target calls, in the normal test run. A crash case that still traps kills this test
// process: that is the regression signal, the same as the fuzzer's. Seeds named `valid-*` must
// also still decode, so a format change cannot silently turn the corpus into noise.
// `QUIVER_REWRITE=1 swift test --filter FuzzCorpusReplay` regenerates the seeds (FuzzCorpusSeeds).
// Ownership: test target only.

import Foundation
@_spi(Fuzzing) import QuiverFilter
import Testing
@_spi(Fuzzing) @testable import QuiverStorage

@Suite(.serialized) struct FuzzCorpusReplayTests {
    /// FuzzTests/ in this checkout, found from this file's path at build time.
    static let fuzzDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzTests")

    static let targets: [String: @Sendable ([UInt8]) -> Bool] = [
        "wal-reader": { FuzzEntryPoints.fuzzWALReader($0) },
        "segment-reader": { FuzzEntryPoints.fuzzSegmentReader($0) },
        "deletion-file": { FuzzEntryPoints.fuzzDeletionFile($0) },
        "index-file": { FuzzEntryPoints.fuzzIndexFile($0) },
        "index-decoder": { FuzzEntryPoints.fuzzIndexDecoders($0) },
        "filter-parser": { FilterFuzzEntryPoint.fuzzFilterParser($0) },
        "catalog-records": { FuzzEntryPoints.fuzzCatalogRecords($0) },
        // rest-request is replayed by QuiverServerTests/RESTFuzzCorpusReplayTests (needs QuiverServer).
    ]

    static func files(in kind: String, target: String) -> [URL] {
        let directory = fuzzDirectory.appendingPathComponent(kind).appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { directory.appendingPathComponent($0) }
    }

    @Test(arguments: targets.keys.sorted())
    func everyCorpusFileAndCrashCaseRunsWithoutTrapping(target: String) throws {
        let entry = try #require(Self.targets[target])
        let corpus = Self.files(in: "Corpus", target: target)
        #expect(!corpus.isEmpty, "FuzzTests/Corpus/\(target) holds no seed")
        for file in corpus + Self.files(in: "Crashes", target: target) {
            let decoded = entry(Array(try Data(contentsOf: file)))
            if file.lastPathComponent.hasPrefix("valid-") {
                #expect(decoded, "seed \(target)/\(file.lastPathComponent) no longer decodes; rewrite the seeds")
            }
        }
    }

    /// Seeds damaged in the ways the checksum repair exists for: a flipped payload byte behind a
    /// CRC must reach the decoder (repaired pass) yet fail the untouched pass.
    @Test func checksumRepairLetsADamagedFrameReachTheRecordDecoder() throws {
        var wal = try #require(FuzzCorpusSeeds.walFiles().first { $0.0.hasPrefix("valid-three") }?.1)
        #expect(FuzzEntryPoints.fuzzWALReader(wal))
        wal[WALFrame.fileHeaderByteCount + WALFrame.frameHeaderByteCount] ^= 0x01   // first payload byte: row count
        #expect(!FuzzEntryPoints.fuzzWALReader(wal))
        let repaired = try WALReader.read(FuzzChecksumRepair.wal(wal), fileName: "w", collectionID: FuzzEntryPoints.collectionID,
                                          isNewest: false)
        #expect(repaired.frames.count == 3)
    }

    @Test func seedsAreRewrittenOnRequest() throws {
        guard ProcessInfo.processInfo.environment["QUIVER_REWRITE"] == "1" else { return }
        for (target, files) in try FuzzCorpusSeeds.all() {
            let directory = Self.fuzzDirectory.appendingPathComponent("Corpus").appendingPathComponent(target)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for (name, bytes) in files { try Data(bytes).write(to: directory.appendingPathComponent(name)) }
        }
    }
}
