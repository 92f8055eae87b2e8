import CheckpointCore
import Glibc

/// Wall-clock times for records, written independently of CheckpointCore's formatting so the tests check the
/// daemon's against a second implementation. Only the unit lengths are Core's.
public enum WallTime {
    public static let secondMilliseconds = Timestamp.millisecondsPerSecond
    public static let minuteMilliseconds = Timestamp.millisecondsPerMinute
    public static let hourMilliseconds = Timestamp.millisecondsPerHour
    public static let dayMilliseconds = Timestamp.millisecondsPerDay

    /// Now, in Unix milliseconds.
    public static func nowMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    /// Now minus `milliseconds`, rounded down to a whole second (so RFC 3339 forms have no fraction).
    public static func wholeSecondsAgo(_ milliseconds: Int64) -> Int64 {
        let value = nowMilliseconds() - milliseconds
        return value - value % 1000
    }

    /// RFC 3339 as the daemon writes it: `2020-02-07T08:15:00+08:00`, `.250` only when the milliseconds are not
    /// zero, UTC as `+00:00`.
    public static func rfc3339(_ milliseconds: Int64, offsetMinutes: Int = 0) -> String {
        let shifted = milliseconds + Int64(offsetMinutes) * minuteMilliseconds
        let fraction = Int(((shifted % 1000) + 1000) % 1000)
        var seconds = time_t((shifted - Int64(fraction)) / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var text = pad(Int(parts.tm_year) + 1900, 4) + "-" + pad(Int(parts.tm_mon) + 1, 2) + "-"
        text += pad(Int(parts.tm_mday), 2) + "T" + pad(Int(parts.tm_hour), 2) + ":" + pad(Int(parts.tm_min), 2)
        text += ":" + pad(Int(parts.tm_sec), 2)
        if fraction != 0 { text += "." + pad(fraction, 3) }
        let magnitude = abs(offsetMinutes)
        text += (offsetMinutes < 0 ? "-" : "+") + pad(magnitude / 60, 2) + ":" + pad(magnitude % 60, 2)
        return text
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// People as stations send them (SPEC §2).
public enum TestPerson {
    /// A mainland mobile number `13800000000 + index` (11 digits starting with 1).
    public static func phone(_ index: Int) -> String {
        String(13_800_000_000 + index)
    }

    /// An 18-character resident ID: the 17 digits given and the GB 11643 check digit.
    public static func residentID(_ first17: String) -> String {
        first17 + String(checkDigit(first17))
    }

    /// The same resident ID with a check digit that is wrong.
    public static func residentIDWithBadCheckDigit(_ first17: String) -> String {
        let right = checkDigit(first17)
        return first17 + (right == "0" ? "1" : "0")
    }

    static func checkDigit(_ first17: String) -> Character {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let digits = first17.compactMap { $0.wholeNumberValue }
        precondition(digits.count == 17, "a resident ID starts with 17 digits")
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return Array("10X98765432")[sum % 11]
    }
}
