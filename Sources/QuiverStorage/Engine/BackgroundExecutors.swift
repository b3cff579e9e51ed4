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
//   compaction  - the work of every Compactor (merging, index building, their file writes), one
//                 job at a time across collections; the Compactor actors themselves stay on the
//                 pool, so stopping one or reading its status never waits behind a build.
// Invariant: work handed to these executors is synchronous or awaits other executors only (no job
// here waits for a job behind it on the same thread), so one thread per executor cannot deadlock.

import Foundation

package enum BackgroundExecutors {
    package static let walSync = DedicatedThreadExecutor(name: "quiver-wal-sync", niceness: 0)
    package static let flush = DedicatedThreadExecutor(name: "quiver-flush", niceness: 5)
    package static let compaction = DedicatedThreadExecutor(name: "quiver-compact", niceness: 10)
}

/// A task executor backed by one thread of its own, started at first use and kept for the life of
/// the process, plus a serial executor for actors (`asUnownedSerialExecutor()`) on the same thread.
/// Jobs run in the order they were enqueued, whichever face enqueued them.
///
/// The two faces are separate objects because a job must run in the context it was enqueued for.
/// A job handed to the serial face (an actor's job) runs isolated to that face with no task
/// executor, as the runtime runs jobs of actors with custom executors; one handed to the task face
/// (a task created with `executorPreference:`) runs on the task executor, nonisolated. Running every
/// job with `runSynchronously(isolatedTo: self, taskExecutor: self)` instead (one object for both)
/// makes the runtime see a task executor the actor's caller never asked for: every `await` inside
/// the actor, even a call to the same actor, then no longer matches the task's preference, so the
/// task is re-enqueued and other calls on the actor run in between (found when the writer actor
/// was tried on such a thread: a log rotation slipped in between `settleLog()` and the append).
package final class DedicatedThreadExecutor: TaskExecutor, @unchecked Sendable {
    // Guarded by `condition`. `isolated`: enqueued through the serial face.
    private var jobs: [(job: UnownedJob, isolated: Bool)] = []
    private var head = 0
    private let condition = NSCondition()
    /// The serial face; set once in init, before the thread starts.
    private var serialFace: SerialFace!

    /// A thread named `name` (15 bytes at most on Linux) running at `niceness` (0 normal, up to 19 lowest; ignored where the
    /// platform has no per-thread priority).
    package init(name: String, niceness: Int32) {
        serialFace = SerialFace(owner: self)
        let thread = Thread { [unowned self] in
            #if os(Linux)
            // On Linux the nice value is per thread, and `who` 0 names the calling thread.
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
            // Named from the thread itself, so backtraces and `top -H` show it (at most 15 bytes).
            Thread.current.name = String(name.utf8.prefix(15))!
            #endif
            self.runJobs()
        }
        thread.name = name
        thread.start()
    }

    /// Task-executor face: jobs of tasks that prefer this executor.
    package func enqueue(_ job: consuming ExecutorJob) {
        submit(UnownedJob(job), isolated: false)
    }

    /// The serial executor for an actor's `unownedExecutor`: runs on this executor's thread.
    package func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        serialFace.asUnownedSerialExecutor()
    }

    fileprivate func submit(_ job: UnownedJob, isolated: Bool) {
        condition.lock()
        jobs.append((job, isolated))
        condition.signal()
        condition.unlock()
    }

    private func runJobs() {
        let serialExecutor = asUnownedSerialExecutor()
        let taskExecutor = asUnownedTaskExecutor()
        while true {
            condition.lock()
            while head == jobs.count { condition.wait() }
            let next = jobs[head]
            head += 1
            if head == jobs.count || head > 1024 {
                jobs.removeFirst(head)
                head = 0
            }
            condition.unlock()
            if next.isolated {
                next.job.runSynchronously(on: serialExecutor)
            } else {
                next.job.runSynchronously(on: taskExecutor)
            }
        }
    }

    /// The serial executor actors use; it queues onto its owner's thread.
    private final class SerialFace: SerialExecutor, @unchecked Sendable {
        unowned let owner: DedicatedThreadExecutor

        init(owner: DedicatedThreadExecutor) { self.owner = owner }

        func enqueue(_ job: consuming ExecutorJob) {
            owner.submit(UnownedJob(job), isolated: true)
        }

        func asUnownedSerialExecutor() -> UnownedSerialExecutor {
            UnownedSerialExecutor(ordinary: self)
        }
    }
}
