// Replays FuzzTests/Corpus/rest-route-<family> and any committed crash cases (FuzzTests/Crashes/
// rest-route-<family>) through the entry point the route fuzzers call, in the normal test run; a
// case that still traps kills this process, the regression signal. Seeds named `valid-*` must
// succeed request by request (so they keep reaching the engine, not an early error), `overflow-*`
// seeds (limit + offset past Int64) must be refused with an error envelope, and damaged copies of
// every seed (cut short, a byte flipped) must not trap either. The flag letters of the input
// format are checked to reach the server's refusals.

import Foundation
@_spi(Fuzzing) import QuiverServer
import Testing

@Suite struct RouteFuzzCorpusReplayTests {
    static let fuzzDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzTests")

    static func files(_ kind: String, _ family: RouteFamily) -> [URL] {
        let directory = fuzzDirectory.appendingPathComponent(kind).appendingPathComponent("rest-route-\(family.rawValue)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { directory.appendingPathComponent($0) }
    }

    @Test(arguments: RouteFamily.allCases)
    func everySeedAndCrashCaseRunsWithoutTrapping(family: RouteFamily) async throws {
        let corpus = Self.files("Corpus", family)
        #expect(corpus.count >= 4, "FuzzTests/Corpus/rest-route-\(family.rawValue) holds \(corpus.count) seeds")
        var actionsSeen = Set<String>()
        for file in corpus + Self.files("Crashes", family) {
            let name = file.lastPathComponent
            let bytes = Array(try Data(contentsOf: file))
            let replies = await RouteFuzzEntryPoint.run(bytes, family: family)
            #expect(!replies.isEmpty, "\(name) ran no request")
            if name.hasPrefix("valid-") {
                for reply in replies {
                    #expect(reply.status == 200 && reply.code == 0, "\(name): \(reply.path): \(reply.status) \(reply.message)")
                    actionsSeen.insert(String(reply.path.split(separator: "/").last ?? ""))
                }
            }
            if name.hasPrefix("overflow-") {
                for reply in replies { #expect(reply.code != nil && reply.code != 0, "\(name): \(reply.path) was accepted") }
            }
            for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 3)) {
                _ = await RouteFuzzEntryPoint.run(Array(bytes[..<cut]), family: family)
                var flipped = bytes
                flipped[cut] ^= 0x5A
                _ = await RouteFuzzEntryPoint.run(flipped, family: family)
            }
        }
        #expect(actionsSeen == Set(family.actions), "valid seeds of \(family.rawValue) miss \(Set(family.actions).subtracting(actionsSeen))")
    }

    @Test func flagsReachTheServersRefusals() async {
        func reply(_ flags: String) async -> RouteFuzzReply? {
            await RouteFuzzEntryPoint.run(RouteFuzzEntryPoint.encode([("list", flags, "{}")]), family: .aliases).first
        }
        #expect(await reply("")?.code == 0)
        #expect(await reply("g")?.status == 405)
        #expect(await reply("l")?.status == 413)
        #expect(await reply("d")?.code == 3000)
        #expect(await reply("T")?.code != 0)
        #expect(await reply("n")?.status == 415)
        #expect(await reply("p")?.status == 415)
    }

    @Test func anyBytesPickARouteOfTheFamily() async {
        // No head line: the whole input is the body of the family's first route.
        let bare = await RouteFuzzEntryPoint.run(Array(#"{"collectionName":"c"}"#.utf8), family: .partitions)
        #expect(bare.map(\.path) == ["/v2/vectordb/partitions/list"])
        // An unknown action still lands on a route of the family; at most four requests run.
        let many = await RouteFuzzEntryPoint.run(Array("zz\n{}\0?\n\0\0\0\0\0".utf8), family: .indexes)
        #expect(many.count == 4)
        #expect(many.allSatisfy { $0.path.hasPrefix("/v2/vectordb/indexes/") })
    }
}
