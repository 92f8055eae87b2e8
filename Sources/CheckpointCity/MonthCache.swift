import CheckpointCore
import CheckpointStore
import Synchronization

/// The months (UTC) whose partition of `city.records` is known to exist, as `year * 12 + month - 1`.
final class MonthCache: Sendable {
    private let known = VisibleMutex<Set<Int64>>([])

    func contains(_ month: Int64) -> Bool { known.withLock { $0.contains(month) } }
    func insert(_ month: Int64) { _ = known.withLock { $0.insert(month) } }

    /// The month of an instant.
    static func month(ofMilliseconds milliseconds: Int64) -> Int64 {
        let day = milliseconds >= 0 ? milliseconds / 86_400_000 : -((-milliseconds + 86_399_999) / 86_400_000)
        let date = CivilDate(daysSinceEpoch: day)
        return date.year * 12 + date.month - 1
    }

    /// `YYYY-MM-01` of a month (years 1000-9999: a record's time is checked to be near now).
    static func firstDay(of month: Int64) -> String {
        let number = month % 12 + 1
        return "\(month / 12)-\(number < 10 ? "0" : "")\(number)-01"
    }
}
