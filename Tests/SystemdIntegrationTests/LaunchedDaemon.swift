import CheckpointTestSupport
import Foundation
import Glibc

/// Where one daemon of a test lives: `<dir>/state`, `<dir>/run`, `<dir>/station.sock`, `<dir>/control.sock`,
/// and a TCP port picked once.
struct DaemonPaths: Sendable {
    let directory: TemporaryDirectory
    let tcpPort: Int

    init(directory: TemporaryDirectory) throws {
        self.directory = directory
        self.tcpPort = try FreePort.tcp()
    }

    var stateDirectory: String { directory.file("state") }
    var runtimeDirectory: String { directory.file("run") }
    var stationSocket: String { directory.file("station.sock") }
    var controlSocket: String { directory.file("control.sock") }
    var database: String { stateDirectory + "/checkpointd.db" }

    /// The command line (after the executable) of a daemon that binds its own listeners.
    var arguments: [String] {
        [
            "--state-dir", stateDirectory, "--runtime-dir", runtimeDirectory,
            "--listen", "tcp:127.0.0.1:\(tcpPort)", "--listen", "unix:\(stationSocket)",
            "--control", controlSocket, "--display-timezone", "UTC",
        ]
    }
}

/// A `checkpointd` started the way a service manager starts it: with an environment of the test's choosing
/// (`NOTIFY_SOCKET`, `WATCHDOG_USEC`, `JOURNAL_STREAM`), possibly through a launcher that `exec`s it
/// (`sh`, `nsenter`, `systemd-socket-activate`), so the child's pid is the daemon's pid.
///
/// DaemonProcess in CheckpointTestSupport always starts the binary directly with a clean environment, hence this.
final class LaunchedDaemon: @unchecked Sendable {
    // Safe because: driven by the test's own thread only.
    let paths: DaemonPaths
    let child: ChildProcess
    let standardErrorPath: String

    var pid: Int32 { child.pid }

    /// Starts `command` (its first element is the executable) with the clean test environment plus `environment`.
    init(
        paths: DaemonPaths,
        command: [String],
        environment: [String: String] = [:],
        standardError: String? = nil
    ) throws {
        guard let executable = command.first else { throw TestSupportError("empty command") }
        self.paths = paths
        self.standardErrorPath = standardError ?? paths.directory.file("daemon.stderr")
        self.child = try ChildProcess(
            executable: executable,
            arguments: Array(command.dropFirst()),
            environment: ChildProcess.cleanEnvironment(adding: environment),
            standardOutput: paths.directory.file("daemon.stdout"),
            standardError: standardErrorPath
        )
    }

    /// `checkpointd <standard arguments> <extra>` started directly.
    static func direct(
        _ paths: DaemonPaths,
        extraArguments: [String] = [],
        environment: [String: String] = [:],
        standardError: String? = nil
    ) throws -> LaunchedDaemon {
        let command = [try BuiltProduct.checkpointd()] + paths.arguments + extraArguments
        return try LaunchedDaemon(
            paths: paths, command: command, environment: environment, standardError: standardError)
    }

    /// `checkpointd` started through `sh -c 'WATCHDOG_PID=$$ exec …'`, as systemd sets `WATCHDOG_PID` to the
    /// main process: the shell's pid becomes the daemon's, so the variable names the daemon itself.
    static func withOwnWatchdogPID(
        _ paths: DaemonPaths,
        extraArguments: [String] = [],
        environment: [String: String]
    ) throws -> LaunchedDaemon {
        let command = ["/bin/sh", "-c", #"WATCHDOG_PID=$$ exec "$0" "$@""#, try BuiltProduct.checkpointd()]
            + paths.arguments + extraArguments
        return try LaunchedDaemon(paths: paths, command: command, environment: environment)
    }

    // MARK: lifecycle

    /// Polls the control socket until `health` is answered; throws with stderr if the daemon exits first.
    func waitUntilServing(seconds: Double = 30, controlSocket: String? = nil) throws {
        try DaemonProcess.waitForHealth(
            of: child, controlSocket: controlSocket ?? paths.controlSocket, seconds: seconds,
            stderr: { self.stderrText })
    }

    func send(signal: Int32) {
        child.send(signal: signal)
    }

    /// Sends SIGTERM and waits for the exit (SIGKILL and a throw after `seconds`).
    func terminate(seconds: Double = 60) throws -> ExitStatus {
        child.send(signal: SIGTERM)
        guard let status = child.wait(seconds: seconds) else {
            child.send(signal: SIGKILL)
            _ = child.wait(seconds: 10)
            throw TestSupportError("checkpointd did not exit within \(seconds) s of SIGTERM; stderr:\n\(stderrText)")
        }
        return status
    }

    /// Nil while the process runs; its exit status once it has ended.
    var exitStatus: ExitStatus? { child.poll() }

    var stderrText: String {
        (try? String(contentsOfFile: standardErrorPath, encoding: .utf8)) ?? ""
    }

    // MARK: clients

    func control(path: String? = nil) throws -> ControlClient {
        try ControlClient(path: path ?? paths.controlSocket, timeout: 30)
    }

    /// Adds the checkpoint (unless it exists) and the station; returns the station's token.
    func registerStation(
        checkpoint: String = "gate-1",
        station: String,
        controlSocket: String? = nil
    ) throws -> String {
        let control = try control(path: controlSocket)
        defer { control.close() }
        let added = try control.call("checkpoint.add", ["id": checkpoint, "grid": "g1", "name": "Gate \(checkpoint)"])
        guard added.ok || added.errorCode == "E_CONFLICT" else {
            throw TestSupportError("checkpoint.add \(checkpoint) failed: \(added.line)")
        }
        let reply = try control.call("station.add", ["id": station, "checkpoint": checkpoint])
        guard reply.ok, let token = reply.string("token"), !token.isEmpty else {
            throw TestSupportError("station.add \(station) gave no token: \(reply.line)")
        }
        return token
    }

    /// A TCP station session that has said HELLO (to `port`, by default the daemon's own).
    func session(station: String, token: String, port: Int? = nil) throws -> LineClient {
        let client = try LineClient.tcp(port: port ?? paths.tcpPort, timeout: 15)
        let reply = try client.request("HELLO station=\(station) token=\(token)")
        guard reply.hasPrefix("OK HELLO ") else {
            throw TestSupportError("HELLO station=\(station) was refused: \(reply)")
        }
        return client
    }
}

/// Whether something accepts TCP connections on 127.0.0.1:`port` right now (one attempt, no retry).
func acceptsTCP(port: Int) -> Bool {
    guard let client = try? LineClient.tcp(port: port, timeout: 1) else { return false }
    client.close()
    return true
}

/// Whether `path` exists and is a socket (`lstat`).
func isSocketFile(_ path: String) -> Bool {
    var status = stat()
    guard lstat(path, &status) == 0 else { return false }
    return status.st_mode & S_IFMT == S_IFSOCK
}

/// Whether `path` exists at all (`lstat`).
func fileExists(_ path: String) -> Bool {
    var status = stat()
    return lstat(path, &status) == 0
}
