/// What the rules need to know about a person before a new record: the caller loads it from storage.
public struct PersonRuleState: Sendable, Hashable {
    /// The person's latest quarantine order, if any. `VerdictRules` checks whether it is active at the record's time.
    public var activeQuarantine: QuarantineOrder?
    /// The person's fever alert still waiting for a re-check, if any.
    public var pendingRecheck: PendingRecheck?
    /// The person's open `VIOLATION` alert of `activeQuarantine` on the record's local day, if any: a violation
    /// attaches to it. The caller finds it (it knows the display zone); the rules only use it.
    public var openViolationCase: ViolationCase?

    public init(
        activeQuarantine: QuarantineOrder? = nil, pendingRecheck: PendingRecheck? = nil,
        openViolationCase: ViolationCase? = nil
    ) {
        self.activeQuarantine = activeQuarantine
        self.pendingRecheck = pendingRecheck
        self.openViolationCase = openViolationCase
    }
}
