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
            let offset = Int64(zone.offsetSeconds(at: now)) * 1000
            let local = now.milliseconds + offset
            let midnight = local - ((local % 86_400_000) + 86_400_000) % 86_400_000
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

    /// `90m`, `24h`, `7d`, `30s` in milliseconds; nil for anything else, and for more than 3650 days (the limit
    /// of durations in the configuration too): anyone on the control socket types these, and an overflowing
    /// product would stop the daemon.
    static func duration(_ text: String) -> Int64? {
        guard let unit = text.last, let value = Int64(text.dropLast()), value >= 0 else { return nil }
        let scale: Int64
        switch unit {
        case "s": scale = 1000
        case "m": scale = 60_000
        case "h": scale = 3_600_000
        case "d": scale = 86_400_000
        default: return nil
        }
        let (milliseconds, overflow) = value.multipliedReportingOverflow(by: scale)
        guard !overflow, milliseconds <= maximumMilliseconds else { return nil }
        return milliseconds
    }

    static let maximumMilliseconds: Int64 = 3650 * 86_400_000
}
