// Replays FuzzTests/Corpus/rest-request and any committed crash cases (FuzzTests/Crashes/
// rest-request) through the entry point the libFuzzer target calls, in the normal test run; a
// crash case that still traps kills this process, the regression signal. `valid-*` seeds must
// still parse, and damaged copies of them (truncated, a byte flipped) must not trap either.

import Foundation
@_spi(Fuzzing) import QuiverServer
import Testing

@Suite struct RESTFuzzCorpusReplayTests {
    static let fuzzDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzTests")

    static func files(_ kind: String) -> [URL] {
        let directory = fuzzDirectory.appendingPathComponent(kind).appendingPathComponent("rest-request")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { directory.appendingPathComponent($0) }
    }

    @Test func everyCorpusFileAndCrashCaseRunsWithoutTrapping() throws {
        let corpus = Self.files("Corpus")
        #expect(corpus.count >= 4, "FuzzTests/Corpus/rest-request holds \(corpus.count) seeds")
        for file in corpus + Self.files("Crashes") {
            let bytes = Array(try Data(contentsOf: file))
            let parsed = RESTFuzzEntryPoint.fuzzRequestBody(bytes)
            if file.lastPathComponent.hasPrefix("valid-") { #expect(parsed, "seed \(file.lastPathComponent) no longer parses") }
            for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 16)) {
                RESTFuzzEntryPoint.fuzzRequestBody(Array(bytes[..<cut]))
                var flipped = bytes
                flipped[cut] ^= 0x5A
                RESTFuzzEntryPoint.fuzzRequestBody(flipped)
            }
        }
        #expect(!RESTFuzzEntryPoint.fuzzRequestBody(Array("[1, 2]".utf8)))
        #expect(!RESTFuzzEntryPoint.fuzzRequestBody(Array(String(repeating: "[", count: 100_000).utf8)))
    }
}
