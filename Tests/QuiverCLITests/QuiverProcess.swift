// QuiverProcess: the built `quiver` binary run as a child process, as scripts do, through
// QuiverHarness's ChildProcess (both pipes drained, SWIFT_BACKTRACE=enable=no). What stays here
// is the part that needs Swift Testing: `#require` on JSON lines, and recording a hung child.

import Foundation
import QuiverHarness
import QuiverJSON
import Testing

typealias QuiverResult = ChildRunResult

extension ChildRunResult {
    /// The stdout lines parsed as JSON objects.
    func jsonLines(sourceLocation: SourceLocation = #_sourceLocation) throws -> [JSONObject] {
        try stdoutLines.map { line in
            try #require(try JSONParser.parse(line, maxDepth: 64).objectValue, "not a JSON object: \(line)", sourceLocation: sourceLocation)
        }
    }
}

/// Typed reads of the CLI's JSON output, for assertions; nil when the value is of another kind.
extension JSONValue {
    /// An integer as Int.
    var asInt: Int? { intValue.map(Int.init) }
    /// An array of integers.
    var asInts: [Int]? { arrayValue.flatMap { items in items.allSatisfy { $0.intValue != nil } ? items.compactMap(\.asInt) : nil } }
    /// An array of numbers as Double.
    var asDoubles: [Double]? { arrayValue.flatMap { items in items.allSatisfy { $0.doubleValue != nil } ? items.compactMap(\.doubleValue) : nil } }
    /// An array of strings.
    var asStrings: [String]? { arrayValue.flatMap { items in items.allSatisfy { $0.stringValue != nil } ? items.compactMap(\.stringValue) : nil } }
    /// An object whose values are all integers.
    var asIntDictionary: [String: Int]? {
        guard let members = objectValue?.members, members.allSatisfy({ $0.1.intValue != nil }) else { return nil }
        return Dictionary(uniqueKeysWithValues: members.compactMap { key, value in value.asInt.map { (key, $0) } })
    }
}

enum QuiverProcess {
    /// The `quiver` executable next to the test bundle (override with QUIVER_BINARY).
    static let binaryPath = BuiltExecutable.path(of: "quiver", overrideVariable: "QUIVER_BINARY")

    /// Runs `quiver arguments...` (or another built tool, `executable`) to completion.
    static func run(_ arguments: [String], executable: String = binaryPath) async throws -> QuiverResult {
        try await ChildProcess.run(executable, arguments)
    }

    /// Starts `quiver arguments...` and returns at once; stdout lines arrive in `lines`.
    static func start(_ arguments: [String]) throws -> ChildProcess {
        try ChildProcess(binaryPath, arguments)
    }
}

extension ChildProcess {
    /// Waits until at least `count` stdout lines arrived, or stdout ended; false if it ended
    /// first. A child silent for `patienceSeconds` is recorded as an issue (a hang, not timing).
    func waitForLines(_ count: Int, patienceSeconds: Int = 120) async throws -> Bool {
        let outcome = try await waitForLines(until: { $0.count >= count }, stallTimeout: .seconds(patienceSeconds))
        if outcome == .stalled { Issue.record("quiver printed no line within \(patienceSeconds) s") }
        return outcome == .reached
    }

    /// SIGKILLs the child (if it still runs), reaps it and waits until its stdout is fully read.
    func killAndDrain() async throws {
        _ = try await killAndReap()
    }
}
