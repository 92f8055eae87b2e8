/// Where times are shown to people: the offset from UTC in effect at an instant. The daemon's zone from
/// `display_timezone` conforms to this; tests and `--json` output use `FixedOffsetZone`.
public protocol DisplayZone: Sendable {
    /// Seconds east of UTC at `instant` (`+08:00` is 28 800).
    func offsetSeconds(at instant: Timestamp) -> Int

    /// The zone's name for people (`Asia/Shanghai`), empty when it has none.
    var name: String { get }
}

extension DisplayZone {
    public var name: String { "" }
}

/// A zone with one offset all year round.
public struct FixedOffsetZone: DisplayZone, Hashable {
    /// Seconds east of UTC.
    public var seconds: Int

    public init(seconds: Int) {
        self.seconds = seconds
    }

    public static let utc = FixedOffsetZone(seconds: 0)

    public func offsetSeconds(at instant: Timestamp) -> Int {
        seconds
    }
}
