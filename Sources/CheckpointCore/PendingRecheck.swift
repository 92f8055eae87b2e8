/// A fever alert still waiting for its re-check reading.
public struct PendingRecheck: Sendable, Hashable {
    /// The fever alert the re-check resolves.
    public var alertID: Int64
    /// The time of the record that opened the alert; the window runs from here.
    public var openedAt: Timestamp

    public init(alertID: Int64, openedAt: Timestamp) {
        self.alertID = alertID
        self.openedAt = openedAt
    }
}
