/// An instant, stored as UTC milliseconds since the Unix epoch (SPEC §2, §10).
public struct Timestamp: Hashable, Comparable, Sendable {
    /// UTC milliseconds since 1970-01-01T00:00:00Z.
    public var milliseconds: Int64

    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    /// This instant moved by `milliseconds` (negative moves back). Clamps at the ends of `Int64` instead of
    /// trapping, so an absurd configured duration cannot crash the daemon.
    public func adding(milliseconds: Int64) -> Timestamp {
        Timestamp(milliseconds: self.milliseconds.saturatingAdding(milliseconds))
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.milliseconds < rhs.milliseconds
    }
}

// MARK: - Formatting

extension Timestamp {
    /// The largest offset RFC 3339 can write: 23:59.
    static let maximumOffsetSeconds = 23 * 3600 + 59 * 60

    /// RFC 3339 in the given offset: `2020-02-07T08:15:00+08:00`, `2020-02-07T00:15:00.250+00:00`.
    ///
    /// Milliseconds appear (always three digits) only when they are not zero. UTC is written `+00:00`, never `Z`.
    /// RFC 3339 offsets are whole minutes, so an offset with seconds (historical local mean time) is truncated
    /// to whole minutes, and one beyond ±23:59 is clamped; the string always denotes this exact instant.
    public func rfc3339(offsetSeconds: Int) -> String {
        let clamped = min(max(offsetSeconds, -Timestamp.maximumOffsetSeconds), Timestamp.maximumOffsetSeconds)
        let offsetMinutes = Int64(clamped / 60)
        let local = milliseconds.saturatingAdding(offsetMinutes * 60 * Timestamp.millisecondsPerSecond)
        let (days, millisecondOfDay) = Timestamp.floorDivide(local, by: Timestamp.millisecondsPerDay)
        let date = CivilDate(daysSinceEpoch: days)
        let secondOfDay = millisecondOfDay / Timestamp.millisecondsPerSecond
        let millisecond = millisecondOfDay % Timestamp.millisecondsPerSecond

        var text = Timestamp.year(date.year) + "-" + Timestamp.pad(date.month, 2) + "-" + Timestamp.pad(date.day, 2)
        text += "T" + Timestamp.pad(secondOfDay / 3600, 2) + ":" + Timestamp.pad(secondOfDay / 60 % 60, 2)
        text += ":" + Timestamp.pad(secondOfDay % 60, 2)
        if millisecond != 0 {
            text += "." + Timestamp.pad(millisecond, 3)
        }
        text += offsetMinutes < 0 ? "-" : "+"
        text += Timestamp.pad(offsetMinutes.magnitude / 60, 2) + ":" + Timestamp.pad(offsetMinutes.magnitude % 60, 2)
        return text
    }

    /// `rfc3339(offsetSeconds:)` in the offset `zone` has at this instant.
    public func formatted(in zone: some DisplayZone) -> String {
        rfc3339(offsetSeconds: zone.offsetSeconds(at: self))
    }

    /// The calendar date of this instant in `zone`'s offset at it: `2020-02-07` (the date part of `formatted`).
    public func date(in zone: some DisplayZone) -> String {
        let text = formatted(in: zone)
        return text.firstIndex(of: "T").map { String(text[..<$0]) } ?? text
    }

    /// Quotient rounded towards negative infinity and a remainder in `0 ..< divisor` (divisor > 0).
    static func floorDivide(_ value: Int64, by divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }

    private static func pad(_ value: some BinaryInteger, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Four digits for years 0...9999; outside that (only reachable from absurd millisecond values) a sign and
    /// the digits, so formatting never fails.
    private static func year(_ year: Int64) -> String {
        year < 0 ? "-" + pad(year.magnitude, 4) : pad(year, 4)
    }
}
