// StorageEvents: what the engine tells observers about its background and durability work, so
// a host (the REST server's Prometheus metrics, a test) can count it without this target
// knowing about any metrics library.
//   walSynced      one fsync of a WAL file (group commit: one per batch of concurrent writers)
//   segmentsMerged one compaction merge, published and committed
//   indexBuilt     one segment's ANN index built, written and committed
// Invariants: observers run synchronously on the thread that did the work, after the work
// succeeded (failed work emits nothing); they must be quick and must not call back into the
// engine. Every StorageEngine has its own hub (a fresh one is made at open).
// Concurrency: the observer table is guarded by a Mutex; observers are called outside it.

import Synchronization

public enum StorageEvent: Sendable, Equatable {
    case walSynced(collection: String, duration: Duration)
    case segmentsMerged(collection: String, inputSegmentCount: Int, rowCount: Int, byteCount: Int, duration: Duration)
    case indexBuilt(collection: String, field: String, rowCount: Int, duration: Duration)
}

/// Returned by `StorageEventHub.addObserver`; pass it back to stop observing.
public struct StorageObserverToken: Sendable, Hashable {
    let value: Int
}

public final class StorageEventHub: Sendable {
    // Guarded by `state`.
    private let state = Mutex<(nextToken: Int, observers: [Int: @Sendable (StorageEvent) -> Void])>((0, [:]))

    public init() {}

    /// Calls `observer` for every later event until `removeObserver` is called with the token.
    @discardableResult
    public func addObserver(_ observer: @escaping @Sendable (StorageEvent) -> Void) -> StorageObserverToken {
        state.withLock { state in
            state.nextToken += 1
            state.observers[state.nextToken] = observer
            return StorageObserverToken(value: state.nextToken)
        }
    }

    public func removeObserver(_ token: StorageObserverToken) {
        state.withLock { _ = $0.observers.removeValue(forKey: token.value) }
    }

    package func emit(_ event: StorageEvent) {
        let observers = state.withLock { Array($0.observers.values) }
        for observer in observers { observer(event) }
    }
}

extension Duration {
    /// The duration since `start` on the continuous clock (for timing engine work).
    static func since(_ start: ContinuousClock.Instant) -> Duration { ContinuousClock.now - start }
}
