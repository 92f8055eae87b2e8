/// Where log entries go (SPEC §10): `auto` writes native journal entries when `JOURNAL_STREAM` names stderr,
/// else plain lines on stderr.
public enum LogTarget: String, Sendable, CaseIterable {
    case auto
    case journal
    case stderr
}

/// What the logging bootstrap needs.
public struct LoggingConfiguration: Sendable, Equatable {
    /// The level names `level` may take, from most to least verbose (swift-log's `Logger.Level` raw values).
    public static let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    public var target: LogTarget
    /// One of `levels`.
    public var level: String

    public init(target: LogTarget, level: String) {
        self.target = target
        self.level = level
    }
}
