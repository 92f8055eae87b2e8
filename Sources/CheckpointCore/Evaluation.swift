/// The outcome of one record under the rules.
public struct Evaluation: Sendable, Hashable {
    /// What the station is told (`verdict=`).
    public var verdicts: Verdicts
    /// What the caller must store, in this order.
    public var actions: [RuleAction]
    /// The end of the quarantine order this record opened (`until=`); `nil` when it opened none.
    public var quarantineUntil: Timestamp?

    public init(verdicts: Verdicts, actions: [RuleAction], quarantineUntil: Timestamp?) {
        self.verdicts = verdicts
        self.actions = actions
        self.quarantineUntil = quarantineUntil
    }
}
