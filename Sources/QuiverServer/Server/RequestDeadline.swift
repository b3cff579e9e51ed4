// RequestDeadline: the `Request-Timeout` header (whole seconds, as Milvus reads it) or the
// server's default bounds how long an API route may run. Past the deadline the client gets
// HTTP 408 with Milvus's timeout code (10001) at once; the engine call is cancelled, but one
// that cannot stop midway (a write already in the WAL) may still complete, so a timed-out write
// is "unknown", as with any lost reply: read before retrying, or upsert.
// Invariant: the continuation is resumed exactly once (ResumeOnce), and the timer task never
// outlives the request: it is cancelled when the work finishes first.

import HTTPTypes
import Synchronization
import QuiverMilvus

enum RequestDeadline {
    static let header = HTTPField.Name("Request-Timeout")!
    static let maxSeconds: Int64 = 86400

    /// The header's deadline, or `fallback` without one. A value that is not a whole number of
    /// seconds in 1...86400 is code 1100.
    static func limit(header value: String?, fallback: Duration) throws(APIError) -> Duration {
        guard let value else { return fallback }
        let text = value
        guard let seconds = Int64(text), (1...maxSeconds).contains(seconds) else {
            throw APIError.invalid("Request-Timeout must be a whole number of seconds in 1...\(maxSeconds), got '\(text.prefix(32))'")
        }
        return .seconds(seconds)
    }

    static func timedOut(after limit: Duration) -> APIError {
        APIError(.requestTimeout, "the request ran past its deadline of \(limit) (Request-Timeout header or the server's default); a write may still complete",
                 status: .requestTimeout)
    }

    /// `operation`'s result, or `timedOut(after: limit)` if `limit` passes first.
    static func run<Value: Sendable>(within limit: Duration,
                                     _ operation: @escaping @Sendable () async throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let once = ResumeOnce(continuation)
            let work = Task {
                do {
                    once.resume(with: .success(try await operation()))
                } catch {
                    once.resume(with: .failure(error))
                }
            }
            once.setTimer(Task {
                try? await Task.sleep(for: limit)
                guard !Task.isCancelled else { return }
                if once.resume(with: .failure(timedOut(after: limit))) { work.cancel() }
            })
        }
    }
}

/// A continuation resumed by whichever of the work and the timer finishes first.
private final class ResumeOnce<Value: Sendable>: Sendable {
    // Guarded by `state`.
    private let state: Mutex<(continuation: CheckedContinuation<Value, any Error>?, timer: Task<Void, Never>?)>

    init(_ continuation: CheckedContinuation<Value, any Error>) { state = Mutex((continuation, nil)) }

    /// Resumes if nobody has yet; returns whether this call did. Cancels the timer either way.
    @discardableResult
    func resume(with result: Result<Value, any Error>) -> Bool {
        let (continuation, timer) = state.withLock { state in
            defer { state = (nil, nil) }
            return (state.continuation, state.timer)
        }
        timer?.cancel()
        guard let continuation else { return false }
        continuation.resume(with: result)
        return true
    }

    /// Keeps the timer so the work can cancel it; cancels it at once if the work already finished.
    func setTimer(_ timer: Task<Void, Never>) {
        let finished = state.withLock { state in
            if state.continuation == nil { return true }
            state.timer = timer
            return false
        }
        if finished { timer.cancel() }
    }
}
