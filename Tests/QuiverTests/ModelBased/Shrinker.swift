// Shrinker: reduces a failing sequence to a locally minimal one, in the manner of QuickCheck and
// Hypothesis but hand-written and small. Three passes, repeated until none makes progress:
//   1. delete chunks: halves, then quarters, ... down to single steps;
//   2. (chunks of one are single steps, so pass 1 ends with them);
//   3. simplify arguments: replace one step by each of its simpler variants.
// A candidate is kept only if it still fails. The result fails, and removing any one step or
// simplifying any one step makes it pass (unless the attempt bound was reached first).
// Invariants: bounded: at most `attemptLimit` runs of `fails`; never returns a passing sequence.
// Ownership: a value; used by the model-based test and its own test.

struct Shrinker<Step: Sendable> {
    /// Simpler variants of a step, simplest first; none for a step that cannot be simplified.
    let simplifications: @Sendable (Step) -> [Step]
    var attemptLimit = 5_000

    /// How many candidates the last shrink ran.
    private(set) var attemptCount = 0

    /// A smaller sequence that still fails; `steps` must fail.
    mutating func shrink(_ steps: [Step], fails: ([Step]) async -> Bool) async -> [Step] {
        var current = steps
        attemptCount = 0
        func tryCandidate(_ candidate: [Step]) async -> Bool {
            guard attemptCount < attemptLimit else { return false }
            attemptCount += 1
            return await fails(candidate)
        }
        var progressed = true
        while progressed && attemptCount < attemptLimit {
            progressed = false
            // Pass 1: delete chunks, largest first; after a success retry the same position.
            var chunkSize = max(1, current.count / 2)
            while chunkSize >= 1 {
                var start = 0
                while start < current.count {
                    var candidate = current
                    candidate.removeSubrange(start..<min(start + chunkSize, current.count))
                    if await tryCandidate(candidate) {
                        current = candidate
                        progressed = true
                    } else {
                        start += chunkSize
                    }
                }
                chunkSize /= 2
            }
            // Pass 3: simplify one step's arguments at a time.
            for index in current.indices {
                var simplified = true
                while simplified {
                    simplified = false
                    for variant in simplifications(current[index]) {
                        var candidate = current
                        candidate[index] = variant
                        if await tryCandidate(candidate) {
                            current = candidate
                            progressed = true
                            simplified = true
                            break
                        }
                    }
                }
            }
        }
        return current
    }
}
