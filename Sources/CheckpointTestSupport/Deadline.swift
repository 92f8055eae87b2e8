import CheckpointCore
import Glibc

/// A point on the monotonic clock, for waiting with a limit instead of sleeping a fixed time.
public struct Deadline: Sendable {
    public let instant: Double

    /// `seconds` from now.
    public init(seconds: Double) {
        self.instant = Deadline.now() + seconds
    }

    public var remaining: Double { max(0, instant - Deadline.now()) }
    public var hasPassed: Bool { Deadline.now() >= instant }

    /// Seconds on the monotonic clock (only differences mean anything).
    public static func now() -> Double {
        Monotonic.seconds()
    }

    /// Polls `condition` every `interval` seconds until it holds (true) or `seconds` pass (false).
    public static func poll(
        seconds: Double,
        interval: Double = 0.05,
        until condition: () throws -> Bool
    ) rethrows -> Bool {
        let deadline = Deadline(seconds: seconds)
        while true {
            if try condition() { return true }
            if deadline.hasPassed { return false }
            Deadline.sleep(min(interval, deadline.remaining))
        }
    }

    /// Blocks the calling thread for `seconds` (for pacing a client, never as an assertion).
    public static func sleep(_ seconds: Double) {
        guard seconds > 0 else { return }
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
        var remaining = timespec()
        while nanosleep(&request, &remaining) == -1 && errno == EINTR {
            request = remaining
        }
    }
}

/// Seconds taken by `body`, with its result.
public func measure<T>(_ body: () throws -> T) rethrows -> (value: T, seconds: Double) {
    let start = Deadline.now()
    let value = try body()
    return (value, Deadline.now() - start)
}
