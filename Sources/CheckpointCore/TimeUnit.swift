/// The units of time the grammars accept (`ms`, `s`, `m`, `h`, `d`), with their lengths. A day is always 24 h of
/// milliseconds (SPEC §10): record times are UTC milliseconds and days are counted on that scale.
public enum TimeUnit: String, CaseIterable, Sendable {
    case milliseconds = "ms"
    case seconds = "s"
    case minutes = "m"
    case hours = "h"
    case days = "d"

    /// The length of one unit in milliseconds.
    public var milliseconds: Int64 {
        switch self {
        case .milliseconds: 1
        case .seconds: Timestamp.millisecondsPerSecond
        case .minutes: Timestamp.millisecondsPerMinute
        case .hours: Timestamp.millisecondsPerHour
        case .days: Timestamp.millisecondsPerDay
        }
    }

    /// Longest first: the order in which `TimeSpan(milliseconds:)` tries them.
    public static let longestFirst: [TimeUnit] = [.days, .hours, .minutes, .seconds, .milliseconds]
}

extension Timestamp {
    /// The lengths every module uses instead of writing the numbers out.
    public static let millisecondsPerSecond: Int64 = 1000
    public static let millisecondsPerMinute: Int64 = 60 * millisecondsPerSecond
    public static let millisecondsPerHour: Int64 = 60 * millisecondsPerMinute
    public static let millisecondsPerDay: Int64 = 24 * millisecondsPerHour
}
