/// When a checkpoint is staffed (SPEC §4 `staffed`, §10): around the clock (`24h`), or a daily window
/// `HH:MM-HH:MM` in the operator's zone that may cross midnight (`22:00-06:00`).
public struct StaffedHours: Equatable, Sendable, CustomStringConvertible {
    /// Minutes after midnight; nil for `24h`.
    public var window: (start: Int, end: Int)?

    /// Staffed around the clock.
    public static let aroundTheClock = StaffedHours(window: nil)

    private init(window: (start: Int, end: Int)?) {
        self.window = window
    }

    public init?(_ text: String) {
        if text == "24h" { window = nil; return }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = StaffedHours.minutes(parts[0]), let end = StaffedHours.minutes(parts[1]),
              start != end
        else { return nil }
        window = (start, end)
    }

    public var description: String {
        guard let window else { return "24h" }
        return StaffedHours.clock(window.start) + "-" + StaffedHours.clock(window.end)
    }

    /// Whether the checkpoint should be staffed at `instant`.
    public func isStaffed(at instant: Timestamp, zone: some DisplayZone) -> Bool {
        guard let window else { return true }
        let minute = StaffedHours.minuteOfDay(instant, zone: zone)
        return window.start < window.end
            ? (window.start <= minute && minute < window.end)
            : (minute >= window.start || minute < window.end)
    }

    /// When the staffed period containing `instant` began (nil for `24h`, or when not staffed then).
    public func periodStart(at instant: Timestamp, zone: some DisplayZone) -> Timestamp? {
        guard let window, isStaffed(at: instant, zone: zone) else { return nil }
        let minute = StaffedHours.minuteOfDay(instant, zone: zone)
        var minutesAgo = minute - window.start
        if minutesAgo < 0 { minutesAgo += StaffedHours.minutesPerDay }
        let startOfMinute = instant.milliseconds - instant.milliseconds.modulo(Timestamp.millisecondsPerMinute)
        return Timestamp(milliseconds: startOfMinute - Int64(minutesAgo) * Timestamp.millisecondsPerMinute)
    }

    public static func == (lhs: StaffedHours, rhs: StaffedHours) -> Bool {
        lhs.window?.start == rhs.window?.start && lhs.window?.end == rhs.window?.end
    }

    private static let minutesPerDay = Int(Timestamp.millisecondsPerDay / Timestamp.millisecondsPerMinute)

    private static func minuteOfDay(_ instant: Timestamp, zone: some DisplayZone) -> Int {
        let local = instant.milliseconds + Int64(zone.offsetSeconds(at: instant)) * Timestamp.millisecondsPerSecond
        return Int(local.modulo(Timestamp.millisecondsPerDay) / Timestamp.millisecondsPerMinute)
    }

    private static func minutes(_ text: Substring) -> Int? {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 2, fields[0].utf8.count == 2, fields[1].utf8.count == 2,
              let hours = ASCIIDigits.value(fields[0].utf8), let minutes = ASCIIDigits.value(fields[1].utf8),
              (0..<24).contains(hours), (0..<60).contains(minutes)
        else { return nil }
        return Int(hours) * 60 + Int(minutes)
    }

    private static func clock(_ minutes: Int) -> String {
        let hours = minutes / 60
        let rest = minutes % 60
        return (hours < 10 ? "0" : "") + String(hours) + ":" + (rest < 10 ? "0" : "") + String(rest)
    }
}

extension Int64 {
    /// The remainder in `0 ..< divisor` (divisor > 0), also for negative numbers.
    func modulo(_ divisor: Int64) -> Int64 {
        let remainder = self % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}
