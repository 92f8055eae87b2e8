public import CheckpointCore

/// The watchers of SPEC §9: escalation, silent checkpoints, thermometer drift, presence.
public struct MonitoringConfiguration: Sendable, Equatable {
    /// An unacknowledged violation or confirmed fever is escalated after this long.
    public var escalateAfter: Duration
    /// A 24 h checkpoint with no record for this long raises a `SILENT` alert.
    public var silentAfter: Duration
    /// How many recent readings per station the drift median covers.
    public var driftWindow: Int
    /// A station's median further than this from its grid's raises `DRIFT`, in tenths of a degree (5 = 0.5 °C).
    public var driftThresholdTenths: Int
    /// `presence` lists people whose last passage is an `EXIT` older than this.
    public var outAfter: Duration
    /// Issue 16: the deadlines by which each person under an active order needs a temperature reading.
    public var followupTimes: FollowupTimes

    public init(
        escalateAfter: Duration,
        silentAfter: Duration,
        driftWindow: Int,
        driftThresholdTenths: Int,
        outAfter: Duration,
        followupTimes: FollowupTimes = .standard
    ) {
        self.followupTimes = followupTimes
        self.escalateAfter = escalateAfter
        self.silentAfter = silentAfter
        self.driftWindow = driftWindow
        self.driftThresholdTenths = driftThresholdTenths
        self.outAfter = outAfter
    }
}
