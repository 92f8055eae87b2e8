import CheckpointCore
import Glibc

/// Clocks and the station's local time (the `TZ` of the process), for showing times to the volunteer.
enum LocalTime {
    /// Now on the real-time clock.
    static func now() -> Timestamp {
        SystemWallClock().now()
    }

    /// Seconds on the monotonic clock, for timeouts and backoff (only differences mean anything).
    static func monotonic() -> Double {
        Monotonic.seconds()
    }

    /// The broken-down local time of `instant`.
    static func parts(_ instant: Timestamp) -> tm {
        var seconds = time_t(instant.milliseconds / 1000)
        var parts = tm()
        localtime_r(&seconds, &parts)
        return parts
    }

    /// `2020-02-07`, in the local zone.
    static func date(_ instant: Timestamp) -> String {
        let parts = parts(instant)
        return pad(Int(parts.tm_year) + 1900, 4) + "-" + pad(Int(parts.tm_mon) + 1, 2) + "-"
            + pad(Int(parts.tm_mday), 2)
    }

    /// `08:15:02`, in the local zone.
    static func time(_ instant: Timestamp) -> String {
        let parts = parts(instant)
        return pad(Int(parts.tm_hour), 2) + ":" + pad(Int(parts.tm_min), 2) + ":" + pad(Int(parts.tm_sec), 2)
    }

    /// RFC 3339 with the local offset, for files people read.
    static func rfc3339(_ instant: Timestamp) -> String {
        instant.rfc3339(offsetSeconds: Int(parts(instant).tm_gmtoff))
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
