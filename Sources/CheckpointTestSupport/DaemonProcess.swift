import CheckpointWire
import Glibc

/// The real `checkpointd`, started as a child process on its own temporary directory and ports: the one daemon
/// launcher of every test target (end-to-end, command centre, station, systemd integration, containers).
///
/// Layout: `<dir>/state` (the state directory, unless another is given, e.g. a tmpfs mount),
/// `<dir>/station.sock`, `<dir>/control.sock`, `<dir>/daemon-N.stdout` and `<dir>/daemon-N.stderr` for the N-th
/// start (or one stderr file of the test's choosing). The TCP port is picked once, so `restart()` listens where
/// the clients expect it. The environment is the clean test environment plus what the test adds
/// (`NOTIFY_SOCKET`, `WATCHDOG_USEC`, `JOURNAL_STREAM`); a ``DaemonLauncher`` may wrap the command (journald's
/// namespace, `WATCHDOG_PID=$$`, `systemd-socket-activate`).
public final class DaemonProcess: @unchecked Sendable {
    // Safe because: a DaemonProcess is driven by the test's own thread; client threads only use its
    // immutable addresses (`tcpPort`, socket paths).
    public let directory: TemporaryDirectory
    public let executable: String
    public let tcpPort: Int
    public let stateDirectory: String
    public let stationSocketPath: String
    /// The dashboard's port (`--http-listen tcp:127.0.0.1:PORT`, unless the test gives its own `--http-listen`).
    public let httpPort: Int
    public let controlSocketPath: String
    /// `--runtime-dir`, when one was given.
    public let runtimeDirectory: String?
    /// The flags given on top of the listeners and state directory.
    public let extraArguments: [String]
    /// Added to ``ChildProcess/cleanEnvironment(adding:)`` for every start.
    public let environment: [String: String]
    public let launcher: DaemonLauncher
    private let fixedStandardError: String?
    private var child: ChildProcess?
    private var starts = 0

    /// Prepares a daemon (call `start()`, or `spawn()` to not wait for readiness). `--display-timezone UTC` and
    /// `--log-target <logTarget>` are added unless `arguments` sets them (a nil `logTarget` adds none: the
    /// daemon's own default, `auto`). `standardError` names one file for every start (e.g. one whose inode a test
    /// puts in `JOURNAL_STREAM`).
    public init(
        arguments: [String] = [],
        directory: TemporaryDirectory? = nil,
        stateDirectory: String? = nil,
        controlSocketPath: String? = nil,
        runtimeDirectory: String? = nil,
        logTarget: String? = "stderr",
        environment: [String: String] = [:],
        standardError: String? = nil,
        launcher: DaemonLauncher = .direct
    ) throws {
        let directory = try directory ?? TemporaryDirectory()
        self.directory = directory
        self.executable = try BuiltProduct.checkpointd()
        self.tcpPort = try FreePort.tcp()
        self.httpPort = try FreePort.tcp()
        self.stateDirectory = stateDirectory ?? directory.file("state")
        self.stationSocketPath = directory.file("station.sock")
        self.controlSocketPath = controlSocketPath ?? directory.file("control.sock")
        self.runtimeDirectory = runtimeDirectory
        var extra = arguments
        if !arguments.contains(where: { $0.hasPrefix("--display-timezone") }) {
            extra += ["--display-timezone", "UTC"]
        }
        if let logTarget, !arguments.contains(where: { $0.hasPrefix("--log-target") }) {
            extra += ["--log-target", logTarget]
        }
        // Issue 18: every daemon serves the dashboard; on a port of its own, so that tests run side by side.
        if !arguments.contains(where: { $0.hasPrefix("--http-listen") }) {
            extra += ["--http-listen", "tcp:127.0.0.1:\(httpPort)"]
        }
        self.extraArguments = extra
        self.environment = environment
        self.fixedStandardError = standardError
        self.launcher = launcher
    }

    /// Prepares and starts a daemon, returning once it answers on its control socket.
    public static func started(_ arguments: [String] = []) throws -> DaemonProcess {
        let daemon = try DaemonProcess(arguments: arguments)
        try daemon.start()
        return daemon
    }

    deinit {
        if let child, child.poll() == nil {
            child.send(signal: SIGKILL)
            _ = child.wait(seconds: 10)
        }
    }

    /// The full command line after the executable.
    public var arguments: [String] {
        ["--state-dir", stateDirectory] + (runtimeDirectory.map { ["--runtime-dir", $0] } ?? []) + [
            "--listen", "tcp:127.0.0.1:\(tcpPort)",
            "--listen", "unix:\(stationSocketPath)",
            "--control", controlSocketPath,
        ] + extraArguments
    }

    /// The pid of the current (or last) start, 0 before the first; with a launcher that `exec`s, the daemon's own.
    public var pid: Int32 { child?.pid ?? 0 }

    public var databasePath: String { stateDirectory + "/checkpointd.db" }

    // MARK: lifecycle

    /// Starts the process and waits until it is ready.
    public func start(readySeconds: Double = 30) throws {
        try spawn()
        try waitUntilReady(seconds: readySeconds)
    }

    /// Starts the process without waiting.
    public func spawn() throws {
        if let child, child.poll() == nil {
            throw TestSupportError("the daemon (pid \(child.pid)) is still running")
        }
        let command = try launcher.command(self)
        guard let program = command.first else { throw TestSupportError("the launcher gave an empty command") }
        starts += 1
        child = try ChildProcess(
            executable: program,
            arguments: Array(command.dropFirst()),
            environment: ChildProcess.cleanEnvironment(adding: environment),
            standardOutput: directory.file("daemon-\(starts).stdout"),
            standardError: fixedStandardError ?? directory.file("daemon-\(starts).stderr")
        )
    }

    /// Polls the control socket until a `health` request is answered; throws with the daemon's stderr if it
    /// exits first or `seconds` pass.
    public func waitUntilReady(seconds: Double = 30) throws {
        guard let child else { throw TestSupportError("the daemon was never started") }
        try DaemonProcess.waitForHealth(
            of: child, controlSocket: controlSocketPath, seconds: seconds, stderr: { self.stderrText })
    }

    /// The readiness poll shared by every way of starting a daemon in tests (also systemd launchers).
    public static func waitForHealth(
        of child: ChildProcess, controlSocket: String, seconds: Double, stderr: () -> String
    ) throws {
        let deadline = Deadline(seconds: seconds)
        while true {
            if let status = child.poll() {
                throw TestSupportError("checkpointd exited during start-up (\(status)); stderr:\n\(stderr())")
            }
            if let client = try? ControlClient(path: controlSocket, timeout: 5),
                let line = try? client.requestLine(#"{"cmd":"health"}"#), line.hasPrefix("{")
            {
                return
            }
            if deadline.hasPassed {
                throw TestSupportError("checkpointd not ready within \(seconds) s; stderr:\n\(stderr())")
            }
            Deadline.sleep(0.05)
        }
    }

    /// Sends SIGTERM and waits for the exit.
    public func terminate(seconds: Double = 60) throws -> TerminationStatus {
        guard let child else { throw TestSupportError("the daemon was never started") }
        child.send(signal: SIGTERM)
        guard let status = child.wait(seconds: seconds) else {
            child.send(signal: SIGKILL)
            _ = child.wait(seconds: 10)
            throw TestSupportError("checkpointd did not exit within \(seconds) s of SIGTERM; stderr:\n\(stderrText)")
        }
        return status
    }

    /// Sends `signal` without waiting.
    public func send(signal: Int32) {
        child?.send(signal: signal)
    }

    /// Kills the process with SIGKILL and reaps it.
    public func kill9() throws {
        guard let child else { throw TestSupportError("the daemon was never started") }
        child.send(signal: SIGKILL)
        guard child.wait(seconds: 30) != nil else { throw TestSupportError("SIGKILL did not end the daemon") }
    }

    /// Starts the daemon again on the same directory, ports and flags (after `terminate()` or `kill9()`).
    public func restart(readySeconds: Double = 60) throws {
        if let child, child.poll() == nil {
            throw TestSupportError("restart() while the daemon is still running")
        }
        try start(readySeconds: readySeconds)
    }

    /// The exit status if the process has ended, else nil.
    public func exitStatus(within seconds: Double = 0) -> TerminationStatus? {
        child?.wait(seconds: seconds)
    }

    /// Everything the daemon wrote to stderr, over all its starts.
    public var stderrText: String {
        if let fixedStandardError { return ChildProcess.contents(of: fixedStandardError) }
        guard starts > 0 else { return "" }
        return (1...starts).map { ChildProcess.contents(of: directory.file("daemon-\($0).stderr")) }.joined()
    }

    // MARK: clients

    public func stationTCP(timeout: Double = 15, source: String? = nil) throws -> LineClient {
        try LineClient.tcp(port: tcpPort, source: source, timeout: timeout)
    }

    public func stationUnix(timeout: Double = 15) throws -> LineClient {
        try LineClient.unix(path: stationSocketPath, timeout: timeout)
    }

    public func control(timeout: Double = 30) throws -> ControlClient {
        try ControlClient(path: controlSocketPath, timeout: timeout)
    }

    // MARK: fixtures

    /// Adds the checkpoint (unless it exists) and the station; returns the station's token.
    @discardableResult
    public func registerStation(checkpoint: String = "gate-1", grid: String = "g1", station: String) throws -> String {
        let control = try control()
        defer { control.close() }
        let checkpointArguments: JSONObject = [
            "id": .string(checkpoint), "grid": .string(grid), "name": .string("Gate \(checkpoint)"),
        ]
        switch try control.send("checkpoint.add", checkpointArguments) {
        case .success: break
        case .failure(let error) where error.code == .conflict: break
        case .failure(let error): throw TestSupportError("checkpoint.add \(checkpoint) failed: \(error)")
        }
        let added = try control.send("station.add", ["id": .string(station), "checkpoint": .string(checkpoint)])
        guard case .success(let result) = added, let token = result["token"]?.stringValue, !token.isEmpty else {
            throw TestSupportError("station.add \(station) gave no token: \(added)")
        }
        return token
    }
}
