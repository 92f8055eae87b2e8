/// The kinds of alert the daemon raises (SPEC §9). The raw value is shown on the control socket and stored.
public enum AlertType: String, Sendable, CaseIterable {
    case fever = "FEVER"
    case violation = "VIOLATION"
    case silent = "SILENT"
    case drift = "DRIFT"
    /// Issue 16: a person under an order had no temperature reading in a follow-up window (`followup_times`).
    case followup = "FOLLOWUP"
    /// Issue 19: a record at a gate of an enterprise site tagged red (stopped): one alert per site and local day,
    /// counting the records.
    case site = "SITE"
    /// Issue 19: a yellow site's follow-up inspection date passed with no recheck since the tag.
    case recheckDue = "RECHECK_DUE"
}
