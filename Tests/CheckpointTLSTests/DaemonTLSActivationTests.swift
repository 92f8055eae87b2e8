import CheckpointTestSupport
import Foundation
import Glibc
import Testing

private let socketActivator: String? = ["/usr/bin/systemd-socket-activate", "/bin/systemd-socket-activate"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

/// Issue 13, acceptance 1: under socket activation, an inherited socket named `tls` is served with TLS.
@Suite("checkpointd on an inherited tls socket", .serialized,
    .enabled(if: socketActivator != nil, "systemd-socket-activate is not installed"))
struct DaemonTLSActivationTests {
    /// `systemd-socket-activate -l 127.0.0.1:PORT --fdname=tls checkpointd ...`; the daemon starts on the first
    /// connection.
    private func activate(_ directory: TemporaryDirectory, port: Int, tls: [String]) throws -> ChildProcess {
        let activator = try #require(socketActivator)
        return try ChildProcess(
            executable: activator,
            arguments: [
                "-l", "127.0.0.1:\(port)", "--fdname=tls", try BuiltProduct.checkpointd(),
                "--state-dir", directory.file("state"), "--runtime-dir", directory.file("run"),
                "--control", directory.file("control.sock"), "--display-timezone", "UTC", "--log-target", "stderr",
                "--http-listen", "off",
            ] + tls,
            environment: ["PATH": "/usr/bin:/bin", "HOME": directory.path],
            standardInput: "/dev/null", standardOutput: directory.file("stdout"),
            standardError: directory.file("stderr"))
    }

    @Test func activation_whenTheInheritedSocketIsNamedTLS_servesStationsOverTLS() async throws {
        let district = try District()
        let directory = try TemporaryDirectory(prefix: "cptlsact")
        let port = try FreePort.tcp()
        let process = try activate(directory, port: port, tls: [
            "--tls-cert", district.folder.file("server.pem"), "--tls-key", district.folder.file("server.key"),
        ])
        defer {
            process.send(signal: SIGTERM)
            if process.wait(seconds: 30) == nil { process.send(signal: SIGKILL) }
        }
        // The first connection starts the daemon: TLS is served at once (the station is not registered yet).
        let ca = district.folder.file("ca.pem")
        let first = try await StationOverTLS.python(port: port, ca: ca, lines: ["HELLO station=st-1 token=x"])
        #expect(first.output.contains("ERR seq=- code=E_AUTH"), "\(first); stderr:\n\(process.standardError)")
        try DaemonProcess.waitForHealth(
            of: process, controlSocket: directory.file("control.sock"), seconds: 30, stderr: { process.standardError })
        let control = try ControlClient(path: directory.file("control.sock"))
        defer { control.close() }
        let added = try control.requestLine("checkpoint.add id=gate-1 grid=g1 name=Gate")
        #expect(added.contains("\"ok\":true"), "\(added)")
        let station = try control.requestLine("station.add id=st-1 checkpoint=gate-1")
        let token = try #require(
            station.firstMatch(of: /"token":"([^"]+)"/).map { String($0.1) }, "no token in \(station)")
        let hello = try await StationOverTLS.python(port: port, ca: ca, lines: ["HELLO station=st-1 token=\(token)"])
        #expect(hello.status == 0, "\(hello)")
        #expect(hello.output.contains("OK HELLO station=st-1"), "\(hello)")
    }

    @Test func activation_whenTheTLSSocketHasNoCertificate_exitsOneAndSaysWhatToSet() throws {
        let directory = try TemporaryDirectory(prefix: "cptlsact")
        let port = try FreePort.tcp()
        let process = try activate(directory, port: port, tls: [])
        var connected = false
        _ = Deadline.poll(seconds: 10) {
            connected = Self.connects(port: port)
            return connected || process.poll() != nil
        }
        #expect(connected, "systemd-socket-activate did not listen on \(port): \(process.standardError)")
        let status = process.wait(seconds: 30)
        if status == nil { process.send(signal: SIGKILL) }
        #expect(status == .exited(1), "\(String(describing: status)); stderr:\n\(process.standardError)")
        #expect(process.standardError.contains("no certificate is configured: set tls_cert and tls_key"),
            "\(process.standardError)")
    }

    private static func connects(port: Int) -> Bool {
        (try? LineClient.tcp(port: port, timeout: 2)).map { client in
            client.close()
            return true
        } ?? false
    }
}
