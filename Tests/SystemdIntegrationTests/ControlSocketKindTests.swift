import CheckpointTestSupport
import Glibc
import Testing

/// Issue 13 (trust), acceptance 2: the control socket is Unix only. A TCP socket that systemd hands over under the
/// name `control` has no peer credentials, so with it anyone who reaches the port would pass every admin check.
@Suite(.enabled(if: socketActivator != nil, "systemd-socket-activate is not installed"))
struct ControlSocketKindTests {
    @Test func start_whenTheInheritedControlSocketIsTCP_exitsOneAndSaysWhy() throws {
        let activator = try #require(socketActivator)
        let directory = try TemporaryDirectory(prefix: "cpck")
        let port = try FreePort.tcp()
        let process = try ChildProcess(
            executable: activator,
            arguments: [
                "-l", "127.0.0.1:\(port)", "--fdname=control", try BuiltProduct.checkpointd(),
                "--state-dir", directory.file("state"), "--runtime-dir", directory.file("run"),
                "--listen", "tcp:127.0.0.1:\(try FreePort.tcp())", "--display-timezone", "UTC", "--log-target", "stderr",
                "--http-listen", "off",
            ],
            environment: ["PATH": "/usr/bin:/bin", "HOME": directory.path],
            standardInput: "/dev/null", standardOutput: directory.file("stdout"),
            standardError: directory.file("stderr"))
        // systemd-socket-activate starts the daemon on the first connection to the port.
        var connected = false
        _ = Deadline.poll(seconds: 10) {
            connected = acceptsTCP(port: port)
            return connected || process.poll() != nil
        }
        #expect(connected, "systemd-socket-activate did not listen on \(port): \(process.standardError)")
        let status = process.wait(seconds: 30)
        if status == nil { process.send(signal: SIGKILL) }
        #expect(status == .exited(1), "\(String(describing: status)); stderr:\n\(process.standardError)")
        #expect(process.standardError.contains("the inherited socket named control is not a Unix socket"),
                "\(process.standardError)")
    }
}
