import CheckpointCore

/// The days a query by person covers, for the `records(ts / 86400000, person, ts)` index: SQLite seeks each
/// day's entries of the person instead of scanning the days.
///
/// The days are made by SQLite from two bound numbers (a recursive common table expression), so the statement
/// is the same few hundred bytes whatever the range. Issue 13: the days used to be spelled out in the SQL text,
/// one literal per day, so `since=0000-01-01 until=9999-12-31` built a 3.6-million-item `IN` list (30 MB of
/// SQL, ~950 MB to parse and plan, 3.3 s of CPU). And a range is first clamped to what retention can still hold
/// (`clamped`), so the days walked are at most `retention_days` + 3.
struct PersonDays: Equatable {
    static let millisecondsPerDay = Timestamp.millisecondsPerDay

    /// Day numbers (Unix milliseconds / 86400000), both included.
    let first: Int64
    let last: Int64

    /// The days from `since` to `until` (both included), cut to the days retention can still hold at `now`: a
    /// record is refused when older than `retentionDays` or more than 5 minutes ahead, and purged after
    /// `retentionDays`, so one day more on each side covers everything kept. Nil when nothing is left.
    static func clamped(since: Timestamp, until: Timestamp, now: Timestamp, retentionDays: Int) -> PersonDays? {
        let today = now.milliseconds / millisecondsPerDay
        let first = max(floorDay(since.milliseconds), today - Int64(retentionDays) - 1)
        let last = min(floorDay(until.milliseconds), today + 1)
        return first <= last ? PersonDays(first: first, last: last) : nil
    }

    /// The day of a Unix time in milliseconds, rounded down also before 1970.
    static func floorDay(_ milliseconds: Int64) -> Int64 {
        let day = milliseconds / millisecondsPerDay
        return milliseconds < 0 && milliseconds % millisecondsPerDay != 0 ? day - 1 : day
    }

    /// `r.ts / 86400000 IN (the days)`, taking two positional parameters: bind `first`, then `last`.
    static func condition(column: String = "r.ts") -> String {
        """
        \(column) / \(millisecondsPerDay) IN (WITH RECURSIVE person_days(d) AS \
        (SELECT ? UNION ALL SELECT d + 1 FROM person_days WHERE d < ?) SELECT d FROM person_days)
        """
    }
}
