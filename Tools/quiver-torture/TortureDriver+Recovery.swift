// The checks after a kill, in order: verify (offline) intact -> open: the state is the model, or
// the model with the in-flight mutation applied whole -> counts, filters, point reads -> maybe
// compact and compare -> abandon (a second crash) -> open again: the same state -> close ->
// verify intact. Any difference throws RecoveryViolation with what differed.

import Quiver

struct RecoveryViolation: Error {
    let problems: [String]
}

extension TortureDriver {
    /// Returns whether the in-flight mutation was found applied (the model then includes it).
    mutating func checkRecovery(inFlight: InFlight?, compacting: Bool) async throws -> Bool {
        try await verify("after the kill")
        let database = try await Database.open(at: data, options: TortureData.options())
        let recovered: RecoveredState, applied: Bool
        do {
            let collection = try database.collection(TortureData.collectionName)
            recovered = try await TortureChecker.read(collection)
            applied = try adopt(recovered, inFlight: inFlight)
            try throwing(try await TortureChecker.checkReads(collection, model: model))
            if compacting {
                try await collection.compact()
                let compacted = try await TortureChecker.read(collection)
                if compacted != recovered {
                    throw RecoveryViolation(problems: ["state changed by compaction: "
                                                       + TortureChecker.differences(compacted, expected: model.expectedRows).joined(separator: ", ")])
                }
            }
        } catch {
            await database.abandon()
            throw error
        }
        await database.abandon()

        // Second recovery from the same files (the first ended like a crash): the same state.
        let reopened = try await Database.open(at: data, options: TortureData.options())
        let again = try await TortureChecker.read(try reopened.collection(TortureData.collectionName))
        await reopened.close()
        if again != recovered {
            throw RecoveryViolation(problems: ["second recovery differs from the first: "
                                               + TortureChecker.differences(again, expected: model.expectedRows).joined(separator: ", ")])
        }
        try await verify("after a clean close")
        return applied
    }

    /// The recovered state must be the model, or the model plus the whole in-flight mutation
    /// (which the model then adopts). Returns whether the mutation was applied.
    private mutating func adopt(_ recovered: RecoveredState, inFlight: InFlight?) throws -> Bool {
        let withoutInFlight = TortureChecker.differences(recovered, expected: model.expectedRows)
        if withoutInFlight.isEmpty { return false }
        guard let inFlight, inFlight.operation.isMutation else {
            throw RecoveryViolation(problems: ["recovered state differs from the acknowledged history (no mutation in flight): "
                                               + withoutInFlight.joined(separator: ", ")])
        }
        var candidate = model
        _ = candidate.apply(inFlight.operation, step: inFlight.step)
        let withInFlight = TortureChecker.differences(recovered, expected: candidate.expectedRows)
        guard withInFlight.isEmpty else {
            throw RecoveryViolation(problems: ["recovered state is neither the acknowledged history (\(withoutInFlight.joined(separator: ", "))) "
                                               + "nor it plus in-flight \(inFlight.operation.name) at step \(inFlight.step) (\(withInFlight.joined(separator: ", ")))"])
        }
        model = candidate
        return true
    }

    private func verify(_ moment: String) async throws {
        let report = try await Database.verify(at: data)
        try throwing(report.problems.prefix(4).map { "verify \(moment): \($0)" })
    }

    private func throwing(_ problems: [String]) throws {
        if !problems.isEmpty { throw RecoveryViolation(problems: problems) }
    }
}
