import CSystemd
import Glibc

/// The service manager's notification socket (`sd_notify(3)`), for `Type=notify` units.
///
/// Every method returns `false` when `NOTIFY_SOCKET` is unset (not started by systemd, or
/// `NotifyAccess=` says no) or when the datagram could not be sent, and never throws: a daemon
/// that cannot tell systemd about itself keeps serving. Nothing is read at `init`; each call
/// looks at the environment afresh, as `sd_notify` does, and the environment is never unset
/// (children such as `ExecReload=` helpers do not inherit it from us anyway).
public struct NotifySocket: Sendable {
    public init() {}

    /// Whether `NOTIFY_SOCKET` is set, i.e. whether anyone is listening.
    public var isAvailable: Bool {
        guard let value = getenv("NOTIFY_SOCKET") else {
            return false
        }
        return value.pointee != 0
    }

    /// Sends `assignments` (`"READY=1"`, `"STATUS=…"`) as one datagram, joined with newlines.
    @discardableResult
    public func send(_ assignments: [String]) -> Bool {
        let state = assignments.joined(separator: "\n")
        // > sd_notify() returns a positive value if the message was sent, zero if $NOTIFY_SOCKET
        // > was not set, and a negative errno-style error code otherwise.
        return state.withCString { sd_notify(0, $0) } > 0
    }

    /// `READY=1`, optionally with a `STATUS=` line: start-up (or a reload) is complete.
    @discardableResult
    public func ready(status: String? = nil) -> Bool {
        self.send(["READY=1"] + Self.statusLine(status))
    }

    /// `STATUS=`: a one-line summary that `systemctl status` shows.
    @discardableResult
    public func status(_ text: String) -> Bool {
        self.send(Self.statusLine(text))
    }

    /// `STOPPING=1`, optionally with a `STATUS=` line: the drain has begun.
    @discardableResult
    public func stopping(status: String? = nil) -> Bool {
        self.send(["STOPPING=1"] + Self.statusLine(status))
    }

    /// `RELOADING=1` with `MONOTONIC_USEC=`, the time the reload began on `CLOCK_MONOTONIC`.
    /// Send ``ready(status:)`` when the reload is over, whether the new configuration was taken or not.
    @discardableResult
    public func reloading() -> Bool {
        self.send(["RELOADING=1", "MONOTONIC_USEC=\(Self.monotonicMicroseconds())"])
    }

    /// `WATCHDOG=1`: the daemon is making progress.
    @discardableResult
    public func watchdogPing() -> Bool {
        self.send(["WATCHDOG=1"])
    }

    /// The interval within which systemd expects ``watchdogPing()``, or `nil` when the watchdog is off.
    ///
    /// `sd_watchdog_enabled` reads `WATCHDOG_USEC` and honours `WATCHDOG_PID` (nil when it names
    /// another process). Ping at half this interval, as `sd_watchdog_enabled(3)` recommends.
    public static func watchdogInterval() -> Duration? {
        var usec: UInt64 = 0
        guard sd_watchdog_enabled(0, &usec) > 0, usec > 0, usec <= UInt64(Int64.max) else {
            return nil
        }
        return .microseconds(Int64(usec))
    }

    /// `CLOCK_MONOTONIC` in microseconds, the clock systemd compares `MONOTONIC_USEC=` with.
    static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }

    /// A `STATUS=` assignment on one line: systemd reads up to the first newline as the value.
    private static func statusLine(_ text: String?) -> [String] {
        guard let text else {
            return []
        }
        let oneLine = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).joined(separator: " ")
        return ["STATUS=\(oneLine)"]
    }
}
