import CheckpointCore
import CheckpointStore
import Synchronization

/// What the dashboard's event streams wait for (issue 18): an alert opened or changed (sent at once), a commit
/// (the picture changed; sent at the next tick), and the ticks. Fed on the writer thread, where it only appends to
/// the streams of the pages open now; nothing is encoded there.
final class DashboardFeed: Sendable {
    enum Item: Sendable {
        case alert(AlertRow)
        case changed
        case tick
    }

    struct Subscription: Sendable {
        let id: UInt64
        let items: AsyncStream<Item>
    }

    private struct Subscriber {
        var continuation: AsyncStream<Item>.Continuation
        /// A `.changed` is waiting in the stream: another one adds nothing.
        var changePending: Bool
    }

    private let subscribers = VisibleMutex<[UInt64: Subscriber]>([:])
    private let nextID = Atomic<UInt64>(1)
    /// Items a page may have waiting before the oldest are dropped (it then misses alerts until the next snapshot,
    /// which lists every open one).
    static let bufferLimit = 1_000

    func subscribe() -> Subscription {
        let (stream, continuation) = AsyncStream<Item>.makeStream(bufferingPolicy: .bufferingNewest(Self.bufferLimit))
        let id = nextID.add(1, ordering: .relaxed).oldValue
        subscribers.withLock { $0[id] = Subscriber(continuation: continuation, changePending: false) }
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        return Subscription(id: id, items: stream)
    }

    /// The subscriber took its `.changed`: the next commit yields another.
    func changeTaken(_ id: UInt64) {
        subscribers.withLock { $0[id]?.changePending = false }
    }

    var subscriberCount: Int { subscribers.withLock { $0.count } }

    /// Committed events (writer thread).
    func note(_ events: [CommittedEvent]) {
        subscribers.withLock { subscribers in
            guard !subscribers.isEmpty else { return }
            for event in events {
                switch event {
                case .alertOpened(let row), .alertChanged(let row), .alertAcknowledged(let row),
                    .alertEscalated(let row):
                    for subscriber in subscribers.values { subscriber.continuation.yield(.alert(row)) }
                case .recordStored, .quarantineOpened, .personLinked:
                    break
                }
            }
        }
        noteChange()
    }

    /// A commit (writer thread).
    func noteChange() {
        subscribers.withLock { subscribers in
            for (id, subscriber) in subscribers where !subscriber.changePending {
                subscribers[id]?.changePending = true
                subscriber.continuation.yield(.changed)
            }
        }
    }

    /// Once a second, from the listener: pages send a snapshot when something changed or a while has passed.
    func tick() {
        subscribers.withLock { subscribers in
            for subscriber in subscribers.values { subscriber.continuation.yield(.tick) }
        }
    }
}
