/// A person's name as a roster or staff list gives it (issue 19). Stored and shown on the control socket; never
/// written to a log in full.
public enum PersonName {
    /// The most characters a name may have.
    public static let maximumLength = 64

    /// The name as a log line may show it: its first character and `*` (`张三` and `欧阳娜娜` → `张*`), whatever
    /// its length, so a log does not even tell how long it is. Empty stays empty.
    public static func masked(_ name: String) -> String {
        guard let first = name.first else { return "" }
        return String(first) + "*"
    }
}
