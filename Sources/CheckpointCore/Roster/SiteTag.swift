/// An enterprise site's tag (issue 19).
public enum SiteTag: String, Sendable, Hashable, CaseIterable {
    /// Approved to reopen.
    case blue
    /// Problems found: talk to the boss, fix, and a follow-up inspection by a date (`recheck_by`).
    case yellow
    /// Repeated failures: stopped at once. Any record at its gates raises a `SITE` alert.
    case red

    public static let choices = "blue, yellow or red"
}
