/// Where things live when nothing is configured, derived from the environment the executable passes in.
///
/// Environment values that are empty or not absolute are ignored (the XDG base directory rule); for the
/// systemd variables, which may list several directories separated by colons, the first one is used.
public enum DefaultPaths {
    /// The control socket of the packaged daemon, run by systemd (`RUNTIME_DIRECTORY` is the socket units' /run/checkpointd).
    public static let systemControlSocket = "/run/checkpointd/control.sock"

    /// The control socket `checkpointctl` connects to when neither `--socket` nor `CHECKPOINTD_CONTROL` is given:
    /// the packaged daemon's if that socket exists, else the default of a daemon started by this user.
    public static func controlSocket(environment: [String: String]) -> String {
        controlSocket(environment: environment, systemSocket: systemControlSocket)
    }

    static func controlSocket(environment: [String: String], systemSocket: String) -> String {
        if FileSystem.exists(systemSocket) {
            return systemSocket
        }
        guard
            let runtime = runtimeDirectory(environment: environment)
                ?? stateDirectory(environment: environment).map({ $0 + "/run" })
        else {
            return systemSocket
        }
        return runtime + "/control.sock"
    }

    /// `$STATE_DIRECTORY`, else `$XDG_STATE_HOME/checkpointd`, else `$HOME/.local/state/checkpointd`.
    static func stateDirectory(environment: [String: String]) -> String? {
        if let systemd = firstAbsolute(environment["STATE_DIRECTORY"]) {
            return systemd
        }
        if let xdg = absolute(environment["XDG_STATE_HOME"]) {
            return xdg + "/checkpointd"
        }
        return absolute(environment["HOME"]).map { $0 + "/.local/state/checkpointd" }
    }

    /// `$RUNTIME_DIRECTORY`, else `$XDG_RUNTIME_DIR/checkpointd`; nil when neither is set (callers then use
    /// `<state_dir>/run`).
    static func runtimeDirectory(environment: [String: String]) -> String? {
        if let systemd = firstAbsolute(environment["RUNTIME_DIRECTORY"]) {
            return systemd
        }
        if let xdg = absolute(environment["XDG_RUNTIME_DIR"]) {
            return xdg + "/checkpointd"
        }
        return nil
    }

    /// `$CONFIGURATION_DIRECTORY/checkpointd.conf`, whether or not it exists.
    static func configurationFile(environment: [String: String]) -> String? {
        firstAbsolute(environment["CONFIGURATION_DIRECTORY"]).map { $0 + "/checkpointd.conf" }
    }

    private static func absolute(_ value: String?) -> String? {
        guard let value, value.hasPrefix("/") else {
            return nil
        }
        return PathResolver.tidy(value)
    }

    private static func firstAbsolute(_ value: String?) -> String? {
        absolute(value?.split(separator: ":", omittingEmptySubsequences: false).first.map(String.init))
    }
}
