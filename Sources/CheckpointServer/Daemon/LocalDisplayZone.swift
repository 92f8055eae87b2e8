public import CheckpointCore
import Glibc

/// The operator's zone (SPEC §2 `display_timezone`, default the system's) through the C library: the daemon
/// sets `TZ` at start when `display_timezone` is configured, and `localtime_r` gives the offset at each instant,
/// so summer time is handled wherever the zone has it.
public struct LocalDisplayZone: DisplayZone {
    /// `display_timezone` as configured (`Asia/Shanghai`), empty for the system's zone, for `version`.
    public let name: String

    public init(configured: String? = nil) {
        tzset()
        name = configured ?? ""
    }

    public func offsetSeconds(at instant: Timestamp) -> Int {
        var seconds = time_t(instant.milliseconds / 1000)
        var broken = tm()
        guard localtime_r(&seconds, &broken) != nil else { return 0 }
        return broken.tm_gmtoff
    }
}

/// UTC, for replies that carry no time.
struct UTCZone: DisplayZone {
    func offsetSeconds(at instant: Timestamp) -> Int { 0 }
}
