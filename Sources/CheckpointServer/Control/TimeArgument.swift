import CheckpointCore
import CheckpointWire

/// Times operators type (`since=`, `until=`, `start=`): RFC 3339 or Unix milliseconds as on the wire, `now`,
/// `today` (midnight in the operator's zone), or a duration ago (`90m`, `24h`, `7d`).
enum TimeArgument {
    static func parse(
        _ text: String, key: String, now: Timestamp, zone: some DisplayZone
    ) throws(WireError) -> Timestamp {
        switch text {
        case "now":
            return now
        case "today":
            let offset = Int64(zone.offsetSeconds(at: now)) * Timestamp.millisecondsPerSecond
            let local = now.milliseconds + offset
            let day = Timestamp.millisecondsPerDay
            let midnight = local - ((local % day) + day) % day
            return Timestamp(milliseconds: midnight - offset)
        default:
            if let ago = duration(text) { return now.adding(milliseconds: -ago) }
            do throws(ValidationError) {
                return try Timestamp(wire: text)
            } catch {
                throw WireError(
                    .argument,
                    """
                    \(key) must be RFC 3339 (2020-02-07T08:15:00+08:00), Unix milliseconds, now, today, \
                    or a time ago such as 90m, 24h, 7d
                    """)
            }
        }
    }

    /// `90m`, `24h`, `7d`, `30s` (Core's duration grammar, as in the configuration) in milliseconds; nil for
    /// anything else, and for more than 3650 days: anyone on the control socket types these, and an overflowing
    /// product would stop the daemon.
    static func duration(_ text: String) -> Int64? {
        do throws(TimeSpan.SyntaxError) {
            return try TimeSpan(parsing: text).milliseconds
        } catch {
            return nil
        }
    }
}
