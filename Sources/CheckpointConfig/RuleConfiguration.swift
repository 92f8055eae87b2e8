public import CheckpointCore

/// The verdict rules (SPEC §3, §9): fever threshold, quarantine length and grace, fever re-check window, and how
/// long a fever keeps a person off work (issue 15 point 3).
public struct RuleConfiguration: Sendable, Equatable {
    /// A reading at or above this is a fever, in tenths of a degree Celsius (373 = 37.3 °C).
    public var feverThresholdTenths: Int
    /// Length of a quarantine order opened by `origin=outside`, in days of 24 h.
    public var quarantineDays: Int
    /// An `EXIT` within this time after an order started is not a violation.
    public var quarantineGrace: Duration
    /// A fever alert waits this long for a re-check reading.
    public var recheckWindow: Duration
    /// A fever counts against returning to work for this many days of 24 h (`clearance_days`): at most
    /// `retention_days` and `alert_retention_days`.
    public var clearanceDays: Int
    /// Issue 19: exits per household of `home` residents in a number of local days; nil is off.
    public var outingQuota: OutingQuota?
    /// Issue 19: how long a `home` resident may stay out; nil is off.
    public var outingMax: Duration?

    public init(
        feverThresholdTenths: Int, quarantineDays: Int, quarantineGrace: Duration, recheckWindow: Duration,
        clearanceDays: Int, outingQuota: OutingQuota? = nil, outingMax: Duration? = nil
    ) {
        self.outingQuota = outingQuota
        self.outingMax = outingMax
        self.feverThresholdTenths = feverThresholdTenths
        self.quarantineDays = quarantineDays
        self.quarantineGrace = quarantineGrace
        self.recheckWindow = recheckWindow
        self.clearanceDays = clearanceDays
    }
}
