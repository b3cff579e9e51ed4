// KillPoint's QUIVER_KILL_POINT syntax: a name, optionally ":count" (count >= 1). Anything else
// arms nothing, so a typo can never kill a process at an unintended place. (That an armed point
// really ends the process is shown by the torture test's kill-point cycles.)

@testable import QuiverStorage
import Testing

@Suite struct KillPointTests {
    @Test func parsesANameAndACount() {
        #expect(KillPoint.parse("merge-committed-before-swap:3")! == (.mergeCommittedBeforeSwap, 3))
        #expect(KillPoint.parse("wal-appended-before-sync")! == (.walAppendedBeforeSync, 1))
        #expect(KillPoint.allCases.allSatisfy { KillPoint.parse($0.rawValue + ":2")! == ($0, 2) })
    }

    @Test func refusesAnythingElse() {
        for text in ["", "nowhere", "nowhere:1", "wal-appended-before-sync:0", "wal-appended-before-sync:-1",
                     "wal-appended-before-sync:x", "wal-appended-before-sync:1:2", "wal-appended-before-sync:", "WAL-APPENDED-BEFORE-SYNC"] {
            #expect(KillPoint.parse(text) == nil, "\(text)")
        }
    }
}
