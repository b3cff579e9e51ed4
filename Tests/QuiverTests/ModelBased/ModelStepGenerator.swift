// Random step sequences for the model-based test, reproducible by seed. Weights favour writes
// (so there is data to read and to lose) and keep reopen and crash rare enough that a sequence
// builds up segments, deletion bitmaps and merges between them.
// Invariants: the same (seed, stepCount) always gives the same sequence.

import QuiverKernels

enum ModelStepGenerator {
    /// (weight, maker) pairs; the weights sum to 100.
    private static let choices: [(weight: Int, make: @Sendable (inout SplitMix64) -> ModelStep)] = [
        (24, { .insert(ids: ids(&$0), vectorSeed: $0.next(below: 1000)) }),
        (12, { .upsert(ids: ids(&$0), vectorSeed: $0.next(below: 1000)) }),
        (12, { .deleteIDs(ids(&$0)) }),
        (4, { .deleteGroup($0.next(below: ModelStep.groupCount)) }),
        (8, { _ in .flush }),
        (5, { _ in .compact }),
        (8, { .search(querySeed: $0.next(below: 1000), k: 1 + $0.next(below: 10)) }),
        (7, { .countGroup($0.next(below: ModelStep.groupCount)) }),
        (8, { .get(ids(&$0)) }),
        (6, { _ in .reopen }),
        (6, { .crash(keepUnsynced: $0.next(below: 2) == 0) }),
    ]

    static func steps(seed: UInt64, count: Int) -> [ModelStep] {
        precondition(choices.reduce(0) { $0 + $1.weight } == 100)
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            var roll = random.next(below: 100)
            for choice in choices {
                if roll < choice.weight { return choice.make(&random) }
                roll -= choice.weight
            }
            preconditionFailure("weights do not sum to 100")
        }
    }

    /// One to four distinct ids.
    private static func ids(_ random: inout SplitMix64) -> [Int] {
        var ids: [Int] = []
        for _ in 0..<(1 + random.next(below: 4)) {
            let id = random.next(below: ModelStep.keySpace)
            if !ids.contains(id) { ids.append(id) }
        }
        return ids
    }
}
