// The model-based test (issue 7): random sequences of inserts, upserts, deletes by id and by
// filter, flushes, compactions, searches, filtered counts and queries, point reads, clean reopens
// and crashes run against the database and a ReferenceModel; a disagreement is shrunk to a minimal
// sequence and reported with the seed that reproduces it.
// Bounded in the normal run; longer on demand through the environment:
//   QUIVER_MODEL_SEQUENCES=200 QUIVER_MODEL_STEPS=300 QUIVER_MODEL_SEED=1 \
//     swift test --filter ModelBasedTests
// (sequence i uses seed QUIVER_MODEL_SEED + i; defaults: 40 sequences of 150 steps from seed 1).

import Foundation
import Testing

@Suite struct ModelBasedTests {
    static func setting(_ name: String, default value: Int) -> Int {
        ProcessInfo.processInfo.environment[name].flatMap(Int.init) ?? value
    }

    @Test func randomSequencesAgreeWithTheReferenceModel() async throws {
        let sequenceCount = Self.setting("QUIVER_MODEL_SEQUENCES", default: 40)
        let stepCount = Self.setting("QUIVER_MODEL_STEPS", default: 150)
        let firstSeed = Self.setting("QUIVER_MODEL_SEED", default: 1)
        let runner = ModelRunner()
        var kindsRun = Set<String>()
        for sequenceIndex in 0..<sequenceCount {
            let seed = UInt64(firstSeed + sequenceIndex)
            let steps = ModelStepGenerator.steps(seed: seed, count: stepCount)
            for step in steps { kindsRun.insert(String(String(describing: step).prefix(while: { $0 != "(" }))) }
            guard let failure = await runner.firstFailure(of: steps) else { continue }

            var shrinker = Shrinker<ModelStep>(simplifications: { $0.simplifications })
            let minimal = await shrinker.shrink(Array(steps.prefix(max(0, failure.stepIndex) + 1))) { candidate in
                await runner.firstFailure(of: candidate) != nil
            }
            let minimalFailure = await runner.firstFailure(of: minimal)
            let report = """
                model-based test failed: seed \(seed), \(stepCount) steps (QUIVER_MODEL_SEED=\(seed) QUIVER_MODEL_SEQUENCES=1 QUIVER_MODEL_STEPS=\(stepCount))
                first failure: \(failure)
                minimal sequence (\(minimal.count) steps, \(shrinker.attemptCount) shrink attempts):
                \(minimal.map { "    \($0)," }.joined(separator: "\n"))
                minimal failure: \(minimalFailure.map(String.init(describing:)) ?? "none (flaky)")
                """
            print(report)
            Issue.record(Comment(rawValue: report))
            return
        }
        // The generator must reach every kind of step, or the test checks less than it claims.
        if sequenceCount * stepCount >= 200 {
            #expect(kindsRun == [".insert", ".upsert", ".deleteIDs", ".deleteGroup", ".flush", ".compact", ".search",
                                 ".countGroup", ".get", ".reopen", ".crash"], "\(kindsRun.sorted())")
        }
    }
}
