import CheckpointCore
import CheckpointStore
import Synchronization

/// SPEC §10: after 5 failed `HELLO`s from one address within 60 s, that address gets `E_AUTH` at once,
/// without a token check, for 60 s. A successful `HELLO` resets the count of its address.
final class AuthThrottle: Sendable {
    static let failureLimit = 5
    static let window: UInt64 = 60_000_000_000
    static let blockTime: UInt64 = 60_000_000_000
    /// The table never grows past this many addresses; the oldest entries go first.
    static let maximumAddresses = 65_536

    private struct Entry {
        var failures: [UInt64] = []
        var blockedUntil: UInt64 = 0
        var lastSeen: UInt64 = 0
    }

    private let entries = VisibleMutex<[String: Entry]>([:])
    private let now: @Sendable () -> UInt64

    init(now: @escaping @Sendable () -> UInt64 = { Monotonic.nanoseconds() }) {
        self.now = now
    }

    func isBlocked(_ address: String) -> Bool {
        let now = self.now()
        return entries.withLock { ($0[address]?.blockedUntil ?? 0) > now }
    }

    /// A failure while the address is blocked does not count: the block lasts 60 s from the fifth failure, not
    /// for as long as a station keeps retrying (every HELLO during the block is refused, and would renew it).
    func recordFailure(_ address: String) {
        let now = self.now()
        entries.withLock { table in
            var entry = table[address] ?? Entry()
            guard entry.blockedUntil <= now else { return }
            entry.failures = entry.failures.filter { now - $0 < AuthThrottle.window } + [now]
            entry.lastSeen = now
            if entry.failures.count >= AuthThrottle.failureLimit {
                entry.blockedUntil = now + AuthThrottle.blockTime
                entry.failures = []
            }
            table[address] = entry
            if table.count > AuthThrottle.maximumAddresses {
                // Forget a quarter: blocked addresses are kept before others, then the most recently seen (the
                // table must stay bounded even when a whole range of addresses fails at once).
                let keep = AuthThrottle.maximumAddresses * 3 / 4
                let newest = table.sorted { left, right in
                    let leftBlocked = left.value.blockedUntil > now
                    let rightBlocked = right.value.blockedUntil > now
                    if leftBlocked != rightBlocked { return leftBlocked }
                    return left.value.lastSeen > right.value.lastSeen
                }.prefix(keep)
                table = Dictionary(uniqueKeysWithValues: newest.map { ($0.key, $0.value) })
            }
        }
    }

    func recordSuccess(_ address: String) {
        _ = entries.withLock { $0.removeValue(forKey: address) }
    }
}
