/// Issue 16 point 2: when a person under a quarantine order must have had a temperature reading, as times of day in
/// the display zone (`followup_times = 12:00,20:00`). Each time closes a window that opened at the time before it
/// (the last one of the day before, for the first): with the default, a reading in (20:00, 12:00] answers the noon
/// deadline and one in (12:00, 20:00] the evening's. One time makes windows of a whole day.
public struct FollowupTimes: Sendable, Hashable, CustomStringConvertible {
    /// Minutes after local midnight, ascending, no repeats, at least one.
    public let minutes: [Int]

    /// The built-in value: a reading by noon and one by 20:00 (home-quarantined people were measured twice a day).
    public static let standard = FollowupTimes(validMinutes: [12 * 60, 20 * 60])

    private init(validMinutes: [Int]) {
        minutes = validMinutes
    }

    /// Parses `HH:MM[,HH:MM...]`: 1 to 24 times, each `00:00`-`23:59`, in any order, none twice.
    public init?(_ text: String) {
        let fields = text.split(separator: ",", omittingEmptySubsequences: false)
        guard (1...24).contains(fields.count) else { return nil }
        var minutes: [Int] = []
        for field in fields {
            guard let minute = FollowupTimes.minute(field.trimmingSpaces), !minutes.contains(minute) else {
                return nil
            }
            minutes.append(minute)
        }
        self.minutes = minutes.sorted()
    }

    /// `12:00,20:00`.
    public var description: String {
        minutes.map(FollowupTimes.clock).joined(separator: ",")
    }

    /// A deadline and the window it closes: a reading at `opens < ts <= closes` answers it.
    public struct Window: Sendable, Hashable {
        public var opens: Timestamp
        public var closes: Timestamp

        public init(opens: Timestamp, closes: Timestamp) {
            self.opens = opens
            self.closes = closes
        }
    }

    /// The windows that close in `(after, through]`, oldest first.
    public func windows(closingAfter after: Timestamp, through: Timestamp, zone: some DisplayZone) -> [Window] {
        guard after < through else { return [] }
        var closes: [Timestamp] = []
        var day = after.localDay(in: zone) - 1
        let lastDay = through.localDay(in: zone) + 1
        while day <= lastDay {
            for minute in minutes {
                let close = FollowupTimes.instant(day: day, minute: minute, zone: zone)
                if after < close && close <= through { closes.append(close) }
            }
            day += 1
        }
        return closes.sorted().map { Window(opens: previousClose(before: $0, zone: zone), closes: $0) }
    }

    /// The window `instant` falls in: the one closed by the first deadline at or after it.
    public func window(containing instant: Timestamp, zone: some DisplayZone) -> Window {
        let close = nextClose(atOrAfter: instant, zone: zone)
        return Window(opens: previousClose(before: close, zone: zone), closes: close)
    }

    /// The window an order in force over `[start, end)` answers next at `now`: the first one closing at or after
    /// `now` that the order covers whole (`start <= opens`, `closes < end`), the only windows a reading is asked
    /// for. Nil when the order ends before another such window closes.
    public func nextWindow(
        ofOrderFrom start: Timestamp, to end: Timestamp, now: Timestamp, zone: some DisplayZone
    ) -> Window? {
        var window = self.window(containing: max(now, start), zone: zone)
        while window.closes < end {
            if start <= window.opens { return window }
            window = self.window(containing: window.closes.adding(milliseconds: 1), zone: zone)
        }
        return nil
    }

    /// The first deadline at or after `instant`.
    public func nextClose(atOrAfter instant: Timestamp, zone: some DisplayZone) -> Timestamp {
        // Safe because a day two days ahead always holds a deadline after `instant` (at least one time a day).
        closes(aroundDayOf: instant, from: -1, through: 2, zone: zone).first { $0 >= instant }!
    }

    /// The last deadline before `instant`.
    public func previousClose(before instant: Timestamp, zone: some DisplayZone) -> Timestamp {
        // Safe because two days back always holds a deadline before `instant` (at least one time a day).
        closes(aroundDayOf: instant, from: -2, through: 1, zone: zone).last { $0 < instant }!
    }

    /// Every deadline of the local days `from` to `through` days from `instant`'s, in time order.
    private func closes(
        aroundDayOf instant: Timestamp, from: Int64, through: Int64, zone: some DisplayZone
    ) -> [Timestamp] {
        let today = instant.localDay(in: zone)
        return ((today + from)...(today + through)).flatMap { day in
            minutes.map { FollowupTimes.instant(day: day, minute: $0, zone: zone) }
        }.sorted()
    }

    /// Local `day` (days since 1970-01-01 in the zone) at `minute` after midnight, as an instant. The offset is the
    /// zone's at that instant (found in two steps, as a summer-time change may fall between midnight and then).
    static func instant(day: Int64, minute: Int, zone: some DisplayZone) -> Timestamp {
        let local = day * Timestamp.millisecondsPerDay + Int64(minute) * Timestamp.millisecondsPerMinute
        let guess = Timestamp(milliseconds: local - Int64(zone.offsetSeconds(at: Timestamp(milliseconds: local))) * 1000)
        return Timestamp(milliseconds: local - Int64(zone.offsetSeconds(at: guess)) * 1000)
    }

    private static func minute(_ text: Substring) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].utf8.count == 2, parts[1].utf8.count == 2,
            let hours = ASCIIDigits.value(parts[0].utf8), let minutes = ASCIIDigits.value(parts[1].utf8),
            (0..<24).contains(hours), (0..<60).contains(minutes)
        else { return nil }
        return Int(hours) * 60 + Int(minutes)
    }

    /// The minute of the local day `instant` falls in (0-1439).
    public static func minuteOfDay(_ instant: Timestamp, zone: some DisplayZone) -> Int {
        let local = instant.milliseconds + Int64(zone.offsetSeconds(at: instant)) * Timestamp.millisecondsPerSecond
        return Int(local.modulo(Timestamp.millisecondsPerDay) / Timestamp.millisecondsPerMinute)
    }

    /// `08:05`.
    public static func clock(_ minutes: Int) -> String {
        let hours = minutes / 60
        let rest = minutes % 60
        return (hours < 10 ? "0" : "") + String(hours) + ":" + (rest < 10 ? "0" : "") + String(rest)
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return text
    }
}
