/// One row of the settings table, for `--help` and the docs.
public struct ConfigKey: Sendable {
    /// The file key, `max_line_bytes`.
    public let name: String
    /// The flag, `--max-line-bytes`.
    public let flag: String
    /// What the value looks like: `DURATION`, `PATH`, `64-1048576`, `full|normal`.
    public let valueHint: String
    /// The default in file syntax (`1024`, `5m`), or the rule that derives it.
    public let defaultText: String
    /// One line saying what the setting does.
    public let help: String

    init(_ setting: Setting) {
        name = setting.rawValue
        flag = setting.flag
        valueHint = setting.valueHint
        defaultText = setting.defaultText
        help = setting.help
    }
}
