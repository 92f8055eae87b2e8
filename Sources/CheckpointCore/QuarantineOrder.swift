/// A quarantine order: the person must not pass a gate from `start` (plus the grace period) until `end`.
public struct QuarantineOrder: Sendable, Hashable {
    public var start: Timestamp
    public var end: Timestamp

    public init(start: Timestamp, end: Timestamp) {
        self.start = start
        self.end = end
    }

    /// Whether the order is in force at `instant`: `start <= instant < end`.
    public func isActive(at instant: Timestamp) -> Bool {
        start <= instant && instant < end
    }
}
