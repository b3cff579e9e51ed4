// The shrinker's own tests: on planted bugs it must reach the minimal sequence, so a failure
// report from the model-based test can be trusted to be small.

import Testing

@Suite struct ShrinkerTests {
    /// A planted bug with a pattern: it fails whenever key 7 is inserted, later flushed, and later
    /// deleted (the shape of a "deleted row comes back from its segment" bug).
    static func hasPlantedPattern(_ steps: [ModelStep]) -> Bool {
        guard let inserted = steps.firstIndex(where: { if case .insert(let ids, _) = $0 { ids.contains(7) } else { false } }),
              let flushed = steps[inserted...].firstIndex(of: .flush) else { return false }
        return steps[flushed...].contains { if case .deleteIDs(let ids) = $0 { ids.contains(7) } else { false } }
    }

    @Test func aPlantedPatternShrinksToItsThreeSteps() async {
        // A long random sequence with the pattern buried in it.
        var steps = ModelStepGenerator.steps(seed: 42, count: 120)
        steps.insert(.insert(ids: [3, 7, 11], vectorSeed: 512), at: 10)
        steps.insert(.flush, at: 50)
        steps.insert(.deleteIDs([9, 7]), at: 100)
        #expect(Self.hasPlantedPattern(steps))

        var shrinker = Shrinker<ModelStep>(simplifications: { $0.simplifications })
        let minimal = await shrinker.shrink(steps) { Self.hasPlantedPattern($0) }
        #expect(minimal == [.insert(ids: [7], vectorSeed: 0), .flush, .deleteIDs([7])])
        #expect(shrinker.attemptCount < shrinker.attemptLimit)
    }

    @Test func theAttemptBoundStopsTheShrinkerWithAFailingSequence() async {
        let steps = ModelStepGenerator.steps(seed: 9, count: 80) + [.insert(ids: [7], vectorSeed: 1), .flush, .deleteIDs([7])]
        var shrinker = Shrinker<ModelStep>(simplifications: { $0.simplifications })
        shrinker.attemptLimit = 5
        let partial = await shrinker.shrink(steps) { Self.hasPlantedPattern($0) }
        #expect(shrinker.attemptCount == 5)
        #expect(Self.hasPlantedPattern(partial))
        #expect(partial.count < steps.count)   // the first candidate (the first half deleted) still fails
    }

    /// A planted model bug, found through the real database: the model wrongly believes compaction
    /// drops key 7. The shrinker must cut a long random run down to "insert 7, compact".
    @Test func aPlantedModelBugShrinksToInsertThenCompact() async throws {
        let runner = ModelRunner(plantedBug: .compactionForgetsKey(7))
        var steps = ModelStepGenerator.steps(seed: 3, count: 40)
        steps.removeAll { $0 == .compact }
        steps.insert(.upsert(ids: [7, 2], vectorSeed: 40), at: 15)
        steps.append(.compact)
        let failure = try #require(await runner.firstFailure(of: steps))
        #expect(failure.stepIndex == steps.count - 1, "\(failure)")

        var shrinker = Shrinker<ModelStep>(simplifications: { $0.simplifications })
        let minimal = await shrinker.shrink(steps) { await runner.firstFailure(of: $0) != nil }
        #expect(minimal.count == 2, "\(minimal)")
        #expect(minimal.last == .compact)
        let write = try #require(minimal.first)
        #expect([ModelStep.insert(ids: [7], vectorSeed: 0), .upsert(ids: [7], vectorSeed: 0)].contains(write), "\(write)")
        #expect(await ModelRunner().firstFailure(of: minimal) == nil, "without the planted bug the minimal sequence passes")
    }
}
