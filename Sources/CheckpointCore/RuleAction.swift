/// A change the caller makes in storage, in the same transaction as the record that caused it.
public enum RuleAction: Sendable, Hashable {
    /// Open an alert of this type (`.fever` or `.violation`) for the record.
    case openAlert(AlertType)
    /// Count the record's violation in this open `VIOLATION` alert (one case per person per day) instead of
    /// opening another: its `count` and `last_at` grow.
    case attachViolation(alertID: Int64)
    /// Store a new quarantine order for the person.
    case openQuarantine(QuarantineOrder)
    /// Settle a fever alert's re-check: `.clearedOnRecheck`, `.confirmed` or `.missed`.
    case resolveRecheck(alertID: Int64, RecheckState)
}
