import CheckpointCore
import CheckpointStore
import CheckpointWire
import Synchronization

/// Issue 13 acceptance 4: `LOOKUP` tells a station whether a person is in quarantine and their last temperature,
/// so a stolen token must not become a bulk query. Each station may look up `lookup_per_minute` people a minute
/// (a bucket of that many, refilled evenly over the minute); more get `E_BUSY`. Both outcomes are counted for
/// `health`.
final class LookupLimiter: Sendable {
    struct Counts: Sendable, Equatable {
        var answered: Int64 = 0
        var refused: Int64 = 0
    }

    private struct Bucket {
        var tokens: Double
        var updated: UInt64
    }

    private struct State {
        var perMinute: Int
        var buckets: [Int64: Bucket] = [:]
        var counts = Counts()

        /// Drops the buckets that have refilled completely (they would start full anyway).
        mutating func forgetFull(now: UInt64) {
            let capacity = Double(perMinute)
            buckets = buckets.filter { _, bucket in
                bucket.tokens + Double(now &- bucket.updated) / Double(LookupLimiter.minute) * capacity < capacity
            }
        }
    }

    static let minute: UInt64 = 60_000_000_000
    /// Stations whose bucket is full again are forgotten once the table is this big.
    static let compactAt = 4096

    private let state: VisibleMutex<State>
    private let now: @Sendable () -> UInt64

    init(perMinute: Int, now: @escaping @Sendable () -> UInt64 = { Monotonic.nanoseconds() }) {
        self.state = VisibleMutex(State(perMinute: perMinute))
        self.now = now
    }

    /// A reload's new rate (buckets keep what they hold, capped at the new size).
    func apply(perMinute: Int) {
        state.withLock { $0.perMinute = perMinute }
    }

    var counts: Counts { state.withLock { $0.counts } }

    /// Takes one lookup from `station`'s bucket; returns the error to answer when it is empty.
    func admit(station: Int64) -> WireError? {
        let now = self.now()
        return state.withLock { state -> WireError? in
            let capacity = Double(state.perMinute)
            var bucket = state.buckets[station] ?? Bucket(tokens: capacity, updated: now)
            let elapsed = Double(now &- bucket.updated) / Double(LookupLimiter.minute)
            bucket.tokens = min(capacity, bucket.tokens + elapsed * capacity)
            bucket.updated = now
            defer {
                state.buckets[station] = bucket
                if state.buckets.count > LookupLimiter.compactAt { state.forgetFull(now: now) }
            }
            guard bucket.tokens >= 1 else {
                state.counts.refused += 1
                return WireError(
                    .busy,
                    """
                    this station sent more than \(state.perMinute) LOOKUPs in a minute (lookup_per_minute); \
                    wait a moment and ask again
                    """)
            }
            bucket.tokens -= 1
            state.counts.answered += 1
            return nil
        }
    }
}
