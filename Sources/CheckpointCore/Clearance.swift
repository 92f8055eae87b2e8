/// Whether a person may go back to work (issue 15 point 3, 扫码复工): `LOOKUP`'s `clear=` and the verdict of
/// `checkpointctl clearance`. It carries one reason, as `LOOKUP`'s grammar has one `why=`: when both apply, the
/// quarantine order wins, because its end is a date the employer can plan with (`ClearanceRules.decide`).
public enum Clearance: Sendable, Hashable {
    /// No quarantine order in force, and no fever that counts within the last `clearance_days`.
    case clear
    /// A quarantine order is in force until `until` (`why=quarantine`).
    case quarantine(until: Timestamp)
    /// A fever that counts was taken at `since`: the latest one within the window (`why=fever`).
    case fever(since: Timestamp)

    public var isClear: Bool { self == .clear }

    /// The word of `why=`: `quarantine` or `fever`; nil when clear.
    public var reason: String? {
        switch self {
        case .clear: nil
        case .quarantine: "quarantine"
        case .fever: "fever"
        }
    }
}
