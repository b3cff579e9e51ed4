// WALReader golden cases (STYLE.md §12, Pebble's datadriven): Fixtures/wal-reader.txt lists
// commands that build and damage a log with WALHarness, and the reader's verdict as text.
// `QUIVER_REWRITE=1 swift test --filter WALReaderGolden` rewrites the verdicts in the source tree;
// the reviewer reads the diff. The fixture is found next to this file (#filePath), not as a bundle
// resource, so that the rewrite lands in the repository.
// Ownership: test target only.

import Foundation
import Testing
@testable import QuiverStorage

@Suite struct WALReaderGoldenTests {
    struct Case {
        let line: Int
        let commands: [String]
        var verdict: [String]
    }

    static let fixtureURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/wal-reader.txt")

    /// The comment lines before the first case, and the cases.
    static func parse(_ text: String) -> (preamble: [String], cases: [Case]) {
        var preamble: [String] = [], cases: [Case] = []
        var commands: [String] = [], verdict: [String] = [], inVerdict = false, startLine = 0
        func finish() {
            if !commands.isEmpty { cases.append(Case(line: startLine, commands: commands, verdict: verdict)) }
            commands = []; verdict = []; inVerdict = false
        }
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).enumerated() {
            if line.isEmpty {
                if inVerdict { finish() }
            } else if cases.isEmpty, commands.isEmpty, line.hasPrefix("#") {
                preamble.append(line)
            } else if line == "----" {
                inVerdict = true
            } else if inVerdict {
                verdict.append(line)
            } else {
                if commands.isEmpty { startLine = index + 1 }
                commands.append(line)
            }
        }
        finish()
        return (preamble, cases)
    }

    static func render(preamble: [String], cases: [Case]) -> String {
        var lines = preamble
        for c in cases { lines += [""] + c.commands + ["----"] + c.verdict }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Runs one case's commands; returns the verdict of its `read`.
    static func run(_ commands: [String]) -> [String] {
        var log = WALHarness()
        var rowsWritten = 0, deletesWritten = 0
        for command in commands {
            let words = command.split(separator: " ").map(String.init)
            var arguments: [String: Int] = [:], names: [String: String] = [:]
            for word in words.dropFirst() {
                let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { continue }
                if let number = Int(parts[1]) { arguments[parts[0]] = number } else { names[parts[0]] = parts[1] }
            }
            switch words[0] {
            case "write":
                for _ in 0..<(arguments["inserts"] ?? 0) {
                    do { try log.writeInsert(rows: rowsWritten..<(rowsWritten + 2)) } catch { return ["rows did not validate: \(error)"] }
                    rowsWritten += 2
                }
                for _ in 0..<(arguments["deletes"] ?? 0) {
                    deletesWritten += 1
                    log.writeDelete(keys: [Int64(deletesWritten) * 10 + 1, Int64(deletesWritten) * 10 + 2])
                }
                if words.contains("gap") { log.write(.delete([.int(99)]), sequence: log.nextSequence + 1) }
            case "truncate":
                log.truncate(to: arguments["to"] ?? (log.bytes.count - (arguments["by"] ?? 0)))
            case "corrupt":
                let delta = UInt8(arguments["delta"] ?? 1)
                if let offset = arguments["offset"] {
                    log.incrementByte(at: offset, by: delta)
                } else if let frame = arguments["frame"], let field = names["field"] {
                    let fieldOffset = switch field {
                    case "length": WALHarness.frameLengthOffset
                    case "crc": WALHarness.frameCRCOffset
                    case "type": WALHarness.frameTypeOffset
                    case "sequence": WALHarness.frameSequenceOffset
                    default: WALHarness.framePayloadOffset
                    }
                    log.incrementByte(at: log.frameStart(frame) + fieldOffset + (arguments["plus"] ?? 0), by: delta)
                } else {
                    return ["bad command: \(command)"]
                }
            case "set-length":
                guard let frame = arguments["frame"], let value = arguments["value"] else { return ["bad command: \(command)"] }
                log.setUInt32(UInt32(truncatingIfNeeded: value), at: log.frameStart(frame) + WALHarness.frameLengthOffset)
            case "read":
                let collection = Int64(arguments["collection"] ?? Int(WALHarness.collectionID))
                do {
                    let contents = try log.read(isNewest: words.contains("newest"), collectionID: collection)
                    var verdict = ["frames " + (contents.frames.isEmpty ? "none" : contents.frames.map { "\($0.sequence)@\($0.offset)" }.joined(separator: " ")),
                                   "valid \(contents.validByteCount) of \(log.bytes.count) bytes"]
                    if let dropped = contents.droppedTail { verdict.append("dropped \(dropped.byteCount) bytes: \(dropped.reason)") }
                    return verdict
                } catch {
                    return ["error: \(error)"]
                }
            default:
                return ["bad command: \(command)"]
            }
        }
        return ["no read command"]
    }

    @Test func walReaderGoldenCases() throws {
        let text = try String(contentsOf: Self.fixtureURL, encoding: .utf8)
        var (preamble, cases) = Self.parse(text)
        #expect(cases.count >= 10)
        if ProcessInfo.processInfo.environment["QUIVER_REWRITE"] == "1" {
            for i in cases.indices { cases[i].verdict = Self.run(cases[i].commands) }
            try Self.render(preamble: preamble, cases: cases).write(to: Self.fixtureURL, atomically: true, encoding: .utf8)
            return
        }
        for c in cases {
            let actual = Self.run(c.commands)
            #expect(actual == c.verdict, "wal-reader.txt line \(c.line): \(c.commands.joined(separator: "; "))")
        }
    }
}
