/// The configurable numbers the verdict rules use (SPEC §3, §9). Defaults are the SPEC's, from `Defaults`.
public struct RulePolicy: Sendable, Equatable {
    /// A reading at or above this is a fever: with the default, 37.2 passes and 37.3 is a fever.
    public var feverThreshold: Temperature
    /// Length of a quarantine order opened by `origin=outside`; a day is 24 h of milliseconds (SPEC §10).
    public var quarantineDays: Int
    /// A record up to this long after an order started is not a violation (whatever the checkpoint's kind).
    public var quarantineGraceMilliseconds: Int64
    /// How long a fever alert waits for a re-check reading.
    public var recheckWindowMilliseconds: Int64
    /// A fever counts against returning to work for this many days of 24 h (`ClearanceRules`).
    public var clearanceDays: Int
    /// Issue 19: how often a household of `home` residents may go out; `nil` is off.
    public var outingQuota: OutingQuota?
    /// Issue 19: how long a `home` resident may stay out; `nil` is off.
    public var outingMaxMilliseconds: Int64?

    public init(
        feverThreshold: Temperature = Defaults.feverThreshold,
        quarantineDays: Int = Defaults.quarantineDays,
        quarantineGraceMilliseconds: Int64 = Defaults.quarantineGrace.milliseconds,
        recheckWindowMilliseconds: Int64 = Defaults.recheckWindow.milliseconds,
        clearanceDays: Int = Defaults.clearanceDays,
        outingQuota: OutingQuota? = nil,
        outingMaxMilliseconds: Int64? = nil
    ) {
        self.outingQuota = outingQuota
        self.outingMaxMilliseconds = outingMaxMilliseconds
        self.feverThreshold = feverThreshold
        self.quarantineDays = quarantineDays
        self.quarantineGraceMilliseconds = quarantineGraceMilliseconds
        self.recheckWindowMilliseconds = recheckWindowMilliseconds
        self.clearanceDays = clearanceDays
    }

    /// `quarantineDays` × 24 h in milliseconds (clamped rather than overflowing).
    public var quarantineMilliseconds: Int64 {
        Int64(quarantineDays).saturatingMultiplied(by: Timestamp.millisecondsPerDay)
    }
}
