// KillPoint: named places in the write path where a torture run can make the process die on
// purpose, between two steps that a crash must never separate visibly. Set
// QUIVER_KILL_POINT=<name>:<count> (e.g. `merge-committed-before-swap:2`) and the count-th time
// the process passes that point it calls _exit(KillPoint.exitStatus): no flush, no close, no
// atexit handler; what SIGKILL does, but at a chosen instruction instead of a random moment.
// Invariants: with the variable unset (always, outside torture runs) `reached()` reads one
// immutable global and returns; the count is kept under a mutex, so concurrent passes count once each.
// Ownership: read by the storage write path; armed only through the environment.

import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

package enum KillPoint: String, CaseIterable, Sendable {
    /// A WAL record is written (in the page cache) but not yet fsynced or acknowledged.
    case walAppendedBeforeSync = "wal-appended-before-sync"
    /// A flush wrote its segment and deletion files durably; the catalog does not reference them yet.
    case segmentWrittenBeforeCommit = "segment-written-before-commit"
    /// A merge wrote its output; the catalog commit that swaps it for the inputs has not run.
    case mergeWrittenBeforeCommit = "merge-written-before-commit"
    /// The catalog swapped a merge's output for its inputs; memory still holds the inputs.
    case mergeCommittedBeforeSwap = "merge-committed-before-swap"

    /// The exit status of a process stopped at a kill point (the torture driver expects it).
    package static let exitStatus: Int32 = 86

    /// Dies here if the environment armed this point and this is the armed pass.
    package func reached() {
        guard let armed = armedKillPoint, armed.point == self else { return }
        let passes = killPointPassCount.withLock { count in
            count += 1
            return count
        }
        if passes == armed.count { _exit(Self.exitStatus) }
    }

    /// Parses `name:count` (count >= 1; a bare name means 1); nil for anything else.
    package static func parse(_ text: String) -> (point: KillPoint, count: Int)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard let point = KillPoint(rawValue: String(parts[0])), parts.count <= 2 else { return nil }
        let count = parts.count == 2 ? Int(parts[1]) : 1
        guard let count, count >= 1 else { return nil }
        return (point, count)
    }
}

/// The point armed for this process, read from the environment once.
private let armedKillPoint: (point: KillPoint, count: Int)? = getenv("QUIVER_KILL_POINT").flatMap { KillPoint.parse(String(cString: $0)) }

/// Passes through the armed point so far.
private let killPointPassCount = Mutex(0)
