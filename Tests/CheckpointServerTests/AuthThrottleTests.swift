import Synchronization
import Testing

@testable import CheckpointServer

/// A monotonic clock the test moves by hand.
final class ManualClock: Sendable {
    private let nanoseconds: Mutex<UInt64>

    init(seconds: UInt64 = 1_000) {
        nanoseconds = Mutex(seconds * 1_000_000_000)
    }

    var now: UInt64 { nanoseconds.withLock { $0 } }

    func advance(seconds: Double) {
        nanoseconds.withLock { $0 += UInt64(seconds * 1_000_000_000) }
    }

    func advance(nanoseconds delta: UInt64) {
        nanoseconds.withLock { $0 += delta }
    }
}

@Suite struct AuthThrottleTests {
    let clock = ManualClock()
    let throttle: AuthThrottle
    static let address = "192.0.2.7"

    init() {
        let clock = self.clock
        throttle = AuthThrottle(now: { clock.now })
    }

    private func fail(_ times: Int, every seconds: Double = 0, address: String = address) {
        for index in 0..<times {
            if index > 0 { clock.advance(seconds: seconds) }
            throttle.recordFailure(address)
        }
    }

    @Test func isBlocked_whenNothingHappened_isFalse() {
        #expect(!throttle.isBlocked(Self.address))
    }

    @Test(arguments: [0.0, 1, 14.9])
    func isBlocked_whenFourFailures_isFalse(spacing: Double) {
        fail(4, every: spacing)
        #expect(!throttle.isBlocked(Self.address))
    }

    @Test(arguments: [0.0, 1, 10, 14.9])
    func isBlocked_whenFiveFailuresWithin60Seconds_isTrue(spacing: Double) {
        fail(5, every: spacing)
        #expect(throttle.isBlocked(Self.address))
    }

    /// SPEC §10 "for 60 s": a station that keeps retrying during the block (each try refused) is let in again
    /// 60 s after the fifth failure, not locked out for as long as it retries.
    @Test func isBlocked_whenRetriedDuringTheBlock_endsSixtySecondsAfterTheFifthFailure() {
        fail(5)
        fail(6, every: 10)
        clock.advance(seconds: 10.001)
        #expect(!throttle.isBlocked(Self.address))
    }

    @Test func isBlocked_whenFifthFailureIsJustInsideTheWindow_isTrue() {
        fail(4, every: 1)
        clock.advance(seconds: 56.999)
        throttle.recordFailure(Self.address)
        #expect(throttle.isBlocked(Self.address))
    }

    @Test(arguments: [16.0, 20, 30])
    func isBlocked_whenFiveFailuresSpreadOverMoreThan60Seconds_isFalse(spacing: Double) {
        fail(5, every: spacing)
        #expect(!throttle.isBlocked(Self.address))
    }

    @Test func recordFailure_whenOldFailuresLeaveTheWindow_countsOnlyRecentOnes() {
        fail(5, every: 16)
        #expect(!throttle.isBlocked(Self.address))
        clock.advance(seconds: 6)
        throttle.recordFailure(Self.address)
        #expect(throttle.isBlocked(Self.address))
    }

    @Test func isBlocked_whenBlocked_lasts60Seconds() {
        fail(5)
        clock.advance(seconds: 59.999)
        #expect(throttle.isBlocked(Self.address))
        clock.advance(seconds: 0.001)
        #expect(!throttle.isBlocked(Self.address))
    }

    @Test func isBlocked_whenTheBlockEnded_oneMoreFailureDoesNotBlockAgain() {
        fail(5)
        clock.advance(seconds: 61)
        throttle.recordFailure(Self.address)
        #expect(!throttle.isBlocked(Self.address))
        fail(4)
        #expect(throttle.isBlocked(Self.address))
    }

    @Test func recordSuccess_resetsTheCount() {
        fail(4)
        throttle.recordSuccess(Self.address)
        fail(4)
        #expect(!throttle.isBlocked(Self.address))
        throttle.recordFailure(Self.address)
        #expect(throttle.isBlocked(Self.address))
    }

    @Test func recordFailure_whenFromAnotherAddress_doesNotBlockThisOne() {
        fail(5, address: "192.0.2.8")
        fail(4, address: "2001:db8::1")
        #expect(throttle.isBlocked("192.0.2.8"))
        #expect(!throttle.isBlocked(Self.address))
        #expect(!throttle.isBlocked("2001:db8::1"))
    }

    @Test func constants_matchSpec() {
        #expect(AuthThrottle.failureLimit == 5)
        #expect(AuthThrottle.window == 60_000_000_000)
        #expect(AuthThrottle.blockTime == 60_000_000_000)
    }

    // MARK: the address table

    @Test func recordFailure_whenTableOverflowsWithStaleEntries_keepsBlockedAndRecentOnes() {
        fail(5, address: "203.0.113.1")
        for index in 0..<AuthThrottle.maximumAddresses {
            throttle.recordFailure("10.\(index >> 16).\((index >> 8) & 255).\(index & 255)")
        }
        clock.advance(seconds: 30)
        throttle.recordFailure("198.51.100.1")
        #expect(throttle.isBlocked("203.0.113.1"))
        fail(4, address: "198.51.100.1")
        #expect(throttle.isBlocked("198.51.100.1"))
    }

    /// The type's documentation: "The table never grows past this many addresses; the oldest entries go first."
    /// When every entry is less than 60 s old (many addresses at once, e.g. an IPv6 range) nothing is evicted.
    @Test func recordFailure_whenTableOverflowsWithRecentEntries_forgetsTheOldest() {
        fail(4, address: "203.0.113.9")
        clock.advance(seconds: 1)
        for index in 0..<AuthThrottle.maximumAddresses {
            throttle.recordFailure("2001:db8::\(String(index, radix: 16))")
        }
        throttle.recordFailure("203.0.113.9")
        // Had the oldest entry been evicted, this fifth failure would be the first of a new count.
        #expect(!throttle.isBlocked("203.0.113.9"))
    }

    /// A monotonic clock reads seconds since boot; a daemon started by socket activation can run in its first
    /// minute. Trimming the table must not underflow `now - window`.
    @Test func recordFailure_whenTableOverflowsEarlyAfterBoot_doesNotTrap() async {
        await #expect(processExitsWith: .success) {
            let throttle = AuthThrottle(now: { 30_000_000_000 })
            for index in 0...AuthThrottle.maximumAddresses {
                throttle.recordFailure("10.\(index >> 16).\((index >> 8) & 255).\(index & 255)")
            }
        }
    }
}
