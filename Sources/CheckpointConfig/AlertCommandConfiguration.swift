import CheckpointCore

/// The program run for each new, escalated, re-checked and acknowledged alert (issue 16 point 3,
/// docs/operations.md "Alerts that reach a person").
public struct AlertCommandConfiguration: Sendable, Equatable {
    /// Absolute path of an executable file; nil: no command is run.
    public var path: String?
    /// One run is killed after this long (SIGTERM to its process group, SIGKILL after a grace) and retried.
    public var timeout: Duration

    /// No command, and the built-in timeout.
    public init() {
        self.init(path: nil, timeout: .milliseconds(Defaults.alertCommandTimeout.milliseconds))
    }

    public init(path: String?, timeout: Duration) {
        self.path = path
        self.timeout = timeout
    }
}
