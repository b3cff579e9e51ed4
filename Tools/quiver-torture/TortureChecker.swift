// TortureChecker: reads what a reopened database holds and compares it with the model.
// Checks: no duplicate or malformed rows; every value bit-exact for its version; no phantom or
// missing ids; `count` and count(filter:) agree with a scan by query(filter:) and with the
// model; deleted ids are absent from get and from a filtered query.
// Ownership: stateless; the driver calls it on a database it has open.

import Quiver

/// Everything a collection holds, as read through query(filter: "").
struct RecoveredState: Equatable {
    var rows: [Int64: TortureData.Values] = [:]
    var duplicateIDs: [Int64] = []
    var malformedRowCount = 0
}

enum TortureChecker {
    static func read(_ collection: Collection) async throws -> RecoveredState {
        var state = RecoveredState()
        for row in try await collection.query(filter: "") {
            guard let (id, values) = TortureData.values(of: row) else {
                state.malformedRowCount += 1
                continue
            }
            if state.rows.updateValue(values, forKey: id) != nil { state.duplicateIDs.append(id) }
        }
        return state
    }

    /// How `state` differs from `expected`, in at most a few lines; empty when they agree.
    static func differences(_ state: RecoveredState, expected: [Int64: TortureData.Values]) -> [String] {
        var problems: [String] = []
        if !state.duplicateIDs.isEmpty { problems.append("duplicate ids \(state.duplicateIDs.sorted().prefix(8))") }
        if state.malformedRowCount > 0 { problems.append("\(state.malformedRowCount) rows lack a field") }
        let missing = expected.keys.filter { state.rows[$0] == nil }.sorted()
        let phantom = state.rows.keys.filter { expected[$0] == nil }.sorted()
        let changed = expected.keys.filter { state.rows[$0] != nil && state.rows[$0] != expected[$0] }.sorted()
        if !missing.isEmpty { problems.append("\(missing.count) expected ids missing, e.g. \(missing.prefix(8))") }
        if !phantom.isEmpty { problems.append("\(phantom.count) phantom ids, e.g. \(phantom.prefix(8))") }
        if !changed.isEmpty { problems.append("\(changed.count) ids with values not bit-exact for their version, e.g. \(changed.prefix(8))") }
        return problems
    }

    /// Counting paths against a scan and the model, and deleted ids against point reads.
    static func checkReads(_ collection: Collection, model: TortureModel) async throws -> [String] {
        var problems: [String] = []
        let expected = model.expectedRows
        if collection.count != expected.count {
            problems.append("count is \(collection.count), the model holds \(expected.count) rows")
        }
        let live = expected.keys.sorted()
        let sampleIDs = Array(live.prefix(10)) + Array(model.deleted.sorted().prefix(10))
        let filters: [(String, (Int64, TortureData.Values) -> Bool)] = [
            ("", { _, _ in true }),
            ("bucket < 8", { _, values in values.bucket < 8 }),
            ("tag like \"t1%\"", { _, values in values.tag.hasPrefix("t1") }),
            ("weight > 0 and bucket >= 16", { _, values in Double(bitPattern: values.weightBits) > 0 && values.bucket >= 16 }),
            ("id in \(TortureOutput.list(sampleIDs))", { id, _ in sampleIDs.contains(id) }),
        ]
        for (filter, predicate) in filters {
            let counted = try await collection.count(filter: filter)
            let scanned = try await collection.query(filter: filter, outputFields: ["id"]).count
            let modelled = expected.filter { predicate($0.key, $0.value) }.count
            if counted != scanned || counted != modelled {
                problems.append("filter '\(filter)': count \(counted), scan \(scanned), model \(modelled)")
            }
        }
        let deletedSample = model.deleted.sorted().prefix(50).map { PrimaryKey.int($0) }
        let resurrected = try await collection.get(ids: Array(deletedSample))
        if !resurrected.isEmpty {
            problems.append("\(resurrected.count) deleted ids visible through get, e.g. \(resurrected.prefix(4).map { $0["id"]?.description ?? "?" })")
        }
        let liveSample = live.prefix(50)
        let got = try await collection.get(ids: liveSample.map { .int($0) })
        let gotValues = got.compactMap(TortureData.values(of:))
        if gotValues.count != liveSample.count || gotValues.contains(where: { expected[$0.id] != $0.values }) {
            problems.append("get of \(liveSample.count) live ids returned \(gotValues.count) rows or values that differ")
        }
        return problems
    }
}
