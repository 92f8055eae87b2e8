import CheckpointCore

/// The days a query by person covers, as SQL for the `records(ts / 86400000, person, ts)` index: with the days
/// listed, SQLite seeks each day's entries of the person instead of scanning the days.
enum PersonDays {
    static let millisecondsPerDay = Timestamp.millisecondsPerDay

    /// `r.ts / 86400000 IN (d0, d0+1, ...)` for the days from `since` to `until` (both included). The list is
    /// made of integers computed here, never of caller text.
    static func condition(column: String = "r.ts", since: Timestamp, until: Timestamp) -> String {
        let first = since.milliseconds / millisecondsPerDay
        let last = max(first, until.milliseconds / millisecondsPerDay)
        let days = (first...last).map(String.init).joined(separator: ",")
        return "\(column) / \(millisecondsPerDay) IN (\(days))"
    }
}
