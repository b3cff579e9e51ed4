// KillPoint: named places in the write path where a torture run can make the process die on
// purpose, between two steps that a crash must never separate visibly. A torture worker calls
// `armFromEnvironment()`; then with QUIVER_KILL_POINT=<name>:<count> (e.g.
// `merge-committed-before-swap:2`) the count-th time the process passes that point it calls
// _exit(KillPoint.exitStatus): no flush, no close, no atexit handler; what SIGKILL does, but at
// a chosen instruction instead of a random moment.
// Invariants: nothing is armed unless the program itself calls `armFromEnvironment()` (so an
// embedding application with the variable set never dies here); unarmed, `reached()` is one
// relaxed atomic load; the count is kept under a mutex, so concurrent passes count once each.
// Ownership: read by the storage write path; armed only by the torture worker.

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

    /// Dies here if this point is armed and this is the armed pass.
    package func reached() {
        guard killPointIsArmed.load(ordering: .acquiring) else { return }
        let passes: Int? = armedKillPoint.withLock { armed in
            guard armed?.point == self else { return nil }
            armed?.passes += 1
            return armed?.passes == armed?.count ? armed?.passes : nil
        }
        if passes != nil { _exit(Self.exitStatus) }
    }

    /// Arms the point QUIVER_KILL_POINT names, if any. Only the torture worker calls this.
    package static func armFromEnvironment() {
        guard let text = getenv("QUIVER_KILL_POINT"), let parsed = parse(String(cString: text)) else { return }
        armedKillPoint.withLock { $0 = (parsed.point, parsed.count, 0) }
        killPointIsArmed.store(true, ordering: .releasing)
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

/// The point armed for this process, its dying pass, and the passes so far.
private let armedKillPoint = Mutex<(point: KillPoint, count: Int, passes: Int)?>(nil)

/// Set once a point is armed; the unarmed fast path reads only this.
private let killPointIsArmed = Atomic<Bool>(false)
