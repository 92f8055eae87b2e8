/// How a ``DaemonProcess`` is started: the command actually spawned, built from the daemon's own command line
/// (`[executable] + arguments`). Every launcher but `direct` `exec`s the daemon in the end, so the child's pid is
/// the daemon's pid (as systemd's main process would be).
public struct DaemonLauncher: Sendable {
    /// The command to spawn (its first element is the executable) for `daemon`.
    public let command: @Sendable (DaemonProcess) throws -> [String]

    public init(command: @escaping @Sendable (DaemonProcess) throws -> [String]) {
        self.command = command
    }

    /// `checkpointd <arguments>` itself.
    public static let direct = DaemonLauncher { [$0.executable] + $0.arguments }

    /// `prefix` followed by the daemon's command line, for a wrapper that `exec`s its arguments (`nsenter … --`
    /// into a private journald's namespace, `env`, `setpriv`).
    public static func prefixed(_ prefix: [String]) -> DaemonLauncher {
        DaemonLauncher { prefix + [$0.executable] + $0.arguments }
    }

    /// Through `sh -c 'WATCHDOG_PID=$$ exec …'`, as systemd sets `WATCHDOG_PID` to the main process: the shell's
    /// pid becomes the daemon's, so the variable names the daemon itself.
    public static let ownWatchdogPID = DaemonLauncher {
        ["/bin/sh", "-c", #"WATCHDOG_PID=$$ exec "$0" "$@""#, $0.executable] + $0.arguments
    }

    /// Under `systemd-socket-activate` (at `activator`): it binds the daemon's TCP port, station socket and control
    /// socket (fd names `station:station:control`), passes each of `environment` (`KEY=value`) with `-E` (and the
    /// sanitizer options of this test process, ``ChildProcess/sanitizerOptionsForwarded()``), waits for
    /// the first connection and then `exec`s `checkpointd` with `daemonArguments(daemon)` (not the daemon's own
    /// `arguments`, which name the listeners the activator holds). No readiness wait: a connection starts it.
    public static func socketActivated(
        activator: String,
        environment: [String] = [],
        daemonArguments: @escaping @Sendable (DaemonProcess) -> [String]
    ) -> DaemonLauncher {
        DaemonLauncher { daemon in
            [
                activator,
                "-l", "127.0.0.1:\(daemon.tcpPort)", "-l", daemon.stationSocketPath, "-l", daemon.controlSocketPath,
                "--fdname=station:station:control",
            ] + environment.flatMap { ["-E", $0] } + ChildProcess.sanitizerOptionsForwarded() + [daemon.executable]
                + daemonArguments(daemon)
        }
    }
}

extension DaemonProcess {
    /// A daemon started as a service manager starts it, spawned at once without waiting for readiness (the test
    /// waits for `READY=1`, or calls `waitUntilReady()`): in `directory`, with `--runtime-dir <dir>/run`, no
    /// `--log-target` unless `arguments` gives one (the daemon decides, as under systemd), `environment` on top of
    /// the clean one, through `launcher`.
    public static func launched(
        in directory: TemporaryDirectory,
        arguments: [String] = [],
        environment: [String: String] = [:],
        standardError: String? = nil,
        launcher: DaemonLauncher = .direct
    ) throws -> DaemonProcess {
        let daemon = try DaemonProcess(
            arguments: arguments, directory: directory, runtimeDirectory: directory.file("run"), logTarget: nil,
            environment: environment, standardError: standardError, launcher: launcher)
        try daemon.spawn()
        return daemon
    }
}
