import CheckpointTestSupport
import Glibc
import Testing

/// Issue 18 point 1: under socket activation the dashboard's listener is the socket systemd passes named `http`; one
/// other machines can reach is refused unless the dashboard asks for a password.
@Suite(.enabled(if: socketActivator != nil, "systemd-socket-activate is not installed"))
struct HTTPSocketActivationTests {
    private func activate(_ directory: TemporaryDirectory, listen: String, extra: [String] = []) throws -> ChildProcess {
        let activator = try #require(socketActivator)
        return try ChildProcess(
            executable: activator,
            arguments: [
                "-l", listen, "--fdname=http", try BuiltProduct.checkpointd(),
                "--state-dir", directory.file("state"), "--runtime-dir", directory.file("run"),
                "--listen", "tcp:127.0.0.1:\(try FreePort.tcp())", "--display-timezone", "UTC", "--log-target", "stderr",
                // The configured listener would be a second one: the inherited socket replaces it.
                "--http-listen", "tcp:127.0.0.1:\(try FreePort.tcp())",
            ] + extra,
            environment: ["PATH": "/usr/bin:/bin", "HOME": directory.path],
            standardInput: "/dev/null", standardOutput: directory.file("stdout"),
            standardError: directory.file("stderr"))
    }

    @Test func activation_whenTheInheritedSocketIsNamedHTTP_servesTheDashboardOnIt() throws {
        let directory = try TemporaryDirectory(prefix: "cphttp")
        let port = try FreePort.tcp()
        let process = try activate(directory, listen: "127.0.0.1:\(port)")
        defer {
            process.send(signal: SIGTERM)
            if process.wait(seconds: 30) == nil { process.send(signal: SIGKILL) }
        }
        var response: HTTPTestResponse?
        _ = Deadline.poll(seconds: 30, interval: 0.2) {
            response = try? HTTPTestClient.get(port: port, "/api/dashboard", timeout: 10)
            return response != nil || process.poll() != nil
        }
        #expect(response?.status == 200, "\(process.standardError.suffix(2000))")
        #expect(response?.text.contains("\"grids\"") == true)
        #expect(!process.standardError.contains("ignoring an inherited socket"), "\(process.standardError)")
    }

    @Test func activation_whenTheInheritedHTTPSocketIsOpenToOthersWithoutAuthentication_exitsAndSaysWhy() throws {
        let directory = try TemporaryDirectory(prefix: "cphttp")
        let port = try FreePort.tcp()
        let process = try activate(directory, listen: "0.0.0.0:\(port)")
        var connected = false
        _ = Deadline.poll(seconds: 10) {
            connected = acceptsTCP(port: port)
            return connected || process.poll() != nil
        }
        #expect(connected, "systemd-socket-activate did not listen on \(port): \(process.standardError)")
        let status = process.wait(seconds: 30)
        if status == nil { process.send(signal: SIGKILL) }
        #expect(status == .exited(1), "\(String(describing: status)); stderr:\n\(process.standardError)")
        #expect(process.standardError.contains("the inherited socket named http listens on"), "\(process.standardError)")
        #expect(process.standardError.contains("http_auth = basic"))
    }
}
