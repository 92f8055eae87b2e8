/// One case per person per day (issue 15, point 4): the open `VIOLATION` alert that further violations of the same
/// order on the same local day attach to (its `count` and `last_at` grow) instead of opening alerts of their own.
/// An acknowledged case is handled: a violation after the acknowledgement opens a new case.
public struct ViolationCase: Sendable, Hashable {
    /// The open `VIOLATION` alert.
    public var alertID: Int64
    /// The time of the violation that opened it: its local day is the case's day.
    public var openedAt: Timestamp

    public init(alertID: Int64, openedAt: Timestamp) {
        self.alertID = alertID
        self.openedAt = openedAt
    }

    /// Whether a violation at `instant` belongs to this case's day in `zone` (the display zone).
    public func isSameDay(as instant: Timestamp, in zone: some DisplayZone) -> Bool {
        openedAt.localDay(in: zone) == instant.localDay(in: zone)
    }
}
