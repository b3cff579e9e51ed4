// BackgroundExecutors: the threads that run the engine's blocking and long work, so it never
// occupies the cooperative pool that searches, queries and request handling run on. The pool has
// one thread per core (two on a small machine): an fsync or a minutes-long index build running on
// it leaves searches queued behind it, which is what made search p99 under ingest tens of times
// its idle value. Here the OS time-slices instead, and the flush and compaction threads run at a
// lower priority (a higher nice value, per thread on Linux), so when the cores are short, reads
// and the writer come first and background work takes what is left.
//   walSync     - WAL fsyncs (group commit) and log rotation: short blocking I/O, kept apart so a
//                 write's durability never waits behind a flush or a build;
//   flush       - segment encoding and durable writes of flushes, and the catalog commits of
//                 flushes, merges and index attaches;
//   compaction  - every Compactor actor (merges and index builds), one at a time across collections.
// Invariant: work handed to these executors is synchronous or awaits other executors only (no job
// here waits for a job behind it on the same thread), so one thread per executor cannot deadlock.

import Foundation

package enum BackgroundExecutors {
    package static let walSync = DedicatedThreadExecutor(name: "quiver-wal-sync", niceness: 0)
    package static let flush = DedicatedThreadExecutor(name: "quiver-flush", niceness: 5)
    package static let compaction = DedicatedThreadExecutor(name: "quiver-compaction", niceness: 10)
}

/// A serial executor (and task executor) backed by one thread of its own, started at first use
/// and kept for the life of the process. Jobs run in the order they were enqueued.
package final class DedicatedThreadExecutor: SerialExecutor, TaskExecutor, @unchecked Sendable {
    // Guarded by `condition`.
    private var jobs: [UnownedJob] = []
    private var head = 0
    private let condition = NSCondition()

    /// A thread named `name` running at `niceness` (0 normal, up to 19 lowest; ignored where the
    /// platform has no per-thread priority).
    package init(name: String, niceness: Int32) {
        let thread = Thread { [unowned self] in
            #if os(Linux)
            // On Linux the nice value is per thread, and `who` 0 names the calling thread.
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
            #endif
            self.runJobs()
        }
        thread.name = name
        thread.start()
    }

    package func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    package func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    private func runJobs() {
        while true {
            condition.lock()
            while head == jobs.count { condition.wait() }
            let job = jobs[head]
            head += 1
            if head == jobs.count || head > 1024 {
                jobs.removeFirst(head)
                head = 0
            }
            condition.unlock()
            job.runSynchronously(isolatedTo: asUnownedSerialExecutor(), taskExecutor: asUnownedTaskExecutor())
        }
    }
}
