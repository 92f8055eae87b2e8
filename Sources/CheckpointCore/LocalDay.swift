/// A calendar day of the display zone (`2026-12-05`), as days since 1970-01-01 there (the number
/// ``Timestamp/localDay(in:)`` gives an instant). The daily report (issue 16) and `stats by=day` count over
/// `[start, end)`: from local midnight to the next local midnight, which is 23 or 25 hours on the days summer
/// time starts or ends.
public struct LocalDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 in the zone.
    public var number: Int64

    public init(number: Int64) {
        self.number = number
    }

    /// The local day `instant` falls on in `zone`.
    public init(of instant: Timestamp, in zone: some DisplayZone) {
        number = instant.localDay(in: zone)
    }

    /// `YYYY-MM-DD` (a real date of years 1970-9999); nil for anything else.
    public init?(date text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == ASCII.minus, bytes[7] == ASCII.minus,
            let year = ASCIIDigits.value(bytes[0..<4]), let month = ASCIIDigits.value(bytes[5..<7]),
            let day = ASCIIDigits.value(bytes[8..<10]), year >= 1970, (1...12).contains(month),
            (1...CivilDate.daysInMonth(month, year: year)).contains(day)
        else { return nil }
        number = CivilDate(year: year, month: month, day: day).daysSinceEpoch
    }

    /// `2026-12-05`.
    public var description: String {
        let date = CivilDate(daysSinceEpoch: number)
        func pad(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(date.year)-\(pad(date.month))-\(pad(date.day))"
    }

    public func adding(days: Int64) -> LocalDay { LocalDay(number: number + days) }

    /// The first instant of this day in `zone`: local midnight, or, where the zone skips midnight (summer time
    /// starting at 00:00), the first local time after the gap. Offsets are within ±26 h, so the instant lies
    /// within 26 h of UTC midnight of the same date; the first instant whose local day is this one or later is
    /// found by bisection (a day's local number never falls back by a whole day).
    public func start(in zone: some DisplayZone) -> Timestamp {
        let window = 26 * Timestamp.millisecondsPerHour
        let utcMidnight = number * Timestamp.millisecondsPerDay
        var low = utcMidnight - window  // local day < number here
        var high = utcMidnight + window  // local day >= number here
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if Timestamp(milliseconds: middle).localDay(in: zone) >= number {
                high = middle
            } else {
                low = middle
            }
        }
        return Timestamp(milliseconds: high)
    }

    /// The first instant of the next day: this day is `[start, end)`.
    public func end(in zone: some DisplayZone) -> Timestamp {
        adding(days: 1).start(in: zone)
    }

    public static func < (lhs: LocalDay, rhs: LocalDay) -> Bool { lhs.number < rhs.number }
}
