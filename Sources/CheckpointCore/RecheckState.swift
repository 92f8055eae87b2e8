/// Where a fever alert's re-check stands (SPEC §9, §10). The raw value is shown on the control socket and stored.
public enum RecheckState: String, Sendable, CaseIterable {
    /// Waiting for the next `TEMP` of the person within `recheck_window`.
    case pending
    /// The next reading within the window was below the threshold.
    case clearedOnRecheck = "cleared-on-recheck"
    /// The next reading within the window was a fever too.
    case confirmed
    /// The window passed with no reading.
    case missed
}
