/// The kinds of alert the daemon raises (SPEC §9). The raw value is shown on the control socket and stored.
public enum AlertType: String, Sendable, CaseIterable {
    case fever = "FEVER"
    case violation = "VIOLATION"
    case silent = "SILENT"
    case drift = "DRIFT"
    /// Issue 16: a person under an order had no temperature reading in a follow-up window (`followup_times`).
    case followup = "FOLLOWUP"
}
