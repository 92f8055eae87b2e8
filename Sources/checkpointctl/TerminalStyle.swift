import Glibc

/// Colour and emphasis for human output: on only when stdout is a terminal and `NO_COLOR` is unset or empty
/// (https://no-color.org). Everything else (pipes, files, `--json`) gets plain text.
struct TerminalStyle {
    /// SGR parameters this tool uses.
    enum Attribute: String {
        case bold = "1"
        case dim = "2"
        case red = "31"
        case green = "32"
        case yellow = "33"
        /// A site tagged blue (issue 19).
        case blue = "34"
    }

    let enabled: Bool

    static let plain = TerminalStyle(enabled: false)

    static func forStandardOutput(environment: [String: String]) -> TerminalStyle {
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return TerminalStyle(enabled: isatty(STDOUT_FILENO) == 1 && !noColor)
    }

    /// `text` wrapped in the escape sequences for `attributes`, or `text` itself when colour is off.
    func paint(_ text: String, _ attributes: Attribute...) -> String {
        paint(text, attributes)
    }

    func paint(_ text: String, _ attributes: [Attribute]) -> String {
        guard enabled, !attributes.isEmpty, !text.isEmpty else {
            return text
        }
        return "\u{1B}[" + attributes.map(\.rawValue).joined(separator: ";") + "m" + text + "\u{1B}[0m"
    }
}
